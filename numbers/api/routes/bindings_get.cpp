// GET /v1/bindings: bindings involving a number (as A, B or X), paged.
// state=live (default) lists those that route now; state=all includes ended ones.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response bindings_get(const Context& c, const Request& r, const PathParams& /*p*/) {
  QueryReader query(r);
  query.only({"number", "state", "page", "page_size"});
  storage::BindingFilter filter;
  filter.number = query.number("number", Need::optional, c.config.plan).value_or("");
  const std::string state = query.text("state", Need::optional, 8).value_or("live");
  if (state != "live" && state != "all") query.fail("state", "must be live or all");
  filter.live_only = state == "live";
  const model::PageRequest page = query.page();
  if (query.failure()) return error_response(*query.failure());
  filter.tenant = scope_of(c, r).filter();
  return json_response(200, view_page(c.bindings.list(filter, page), page));
}

}  // namespace ctib::numbers::api::routes
