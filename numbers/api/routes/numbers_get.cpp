// GET /v1/numbers: list the pool, by area and state, paged.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response numbers_get(const Context& c, const Request& r, const PathParams& /*p*/) {
  QueryReader query(r);
  query.only({"area_code", "state", "page", "page_size"});
  storage::NumberFilter filter;
  filter.area_code = query.text("area_code", Need::optional, 16).value_or("");
  filter.state = query.choice<model::NumberState>("state", Need::optional, "available, quarantined, retired");
  filter.tenant = scope_of(c, r).filter();
  const model::PageRequest page = query.page();
  if (query.failure()) return error_response(*query.failure());
  return json_response(200, view_page(c.pool.list(filter, page), page));
}

}  // namespace ctib::numbers::api::routes
