// GET /v1/groups: the caller's AXG groups (every tenant's for an operator
// key), newest first, paged; members are counted, not listed
// (GET /v1/groups/{id} lists them).
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response groups_get(const Context& c, const Request& r, const PathParams& /*p*/) {
  QueryReader query(r);
  query.only({"page", "page_size"});
  const model::PageRequest page = query.page();
  if (query.failure()) return error_response(*query.failure());
  nlohmann::json out = view_page(c.bindings.groups(scope_of(c, r), page), page);
  for (nlohmann::json& item : out["items"]) item.erase("numbers");
  return json_response(200, out);
}

}  // namespace ctib::numbers::api::routes
