// GET /v1/numbers/{number}/extensions: the live AXE bindings on X, by
// extension, paged (decision 0026). X of another tenant is a 404, as one
// not in the pool; an X without extensions lists none.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response number_extensions_get(const Context& c, const Request& r, const PathParams& p) {
  QueryReader query(r);
  query.only({"page", "page_size"});
  const model::PageRequest page = query.page();
  if (query.failure()) return error_response(*query.failure());
  const auto number = path_number(p, c.config.plan);
  if (!number) return error_response(number.error());
  const auto found = c.bindings.extensions(*number, scope_of(c, r), page);
  if (!found) return error_response(found.error());
  return json_response(200, view_page(*found, page));
}

}  // namespace ctib::numbers::api::routes
