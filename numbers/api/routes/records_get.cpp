// GET /v1/records: call records by binding, number and call-time range
// [from, to), newest first, paged.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response records_get(const Context& c, const Request& r, const PathParams& /*p*/) {
  QueryReader query(r);
  query.only({"binding_id", "number", "from", "to", "page", "page_size"});
  storage::RecordFilter filter;
  filter.binding_id = query.text("binding_id", Need::optional, 128).value_or("");
  filter.number = query.number("number", Need::optional, c.config.plan).value_or("");
  filter.from = query.time("from", Need::optional);
  filter.to = query.time("to", Need::optional);
  if (filter.from && filter.to && *filter.to <= *filter.from) query.fail("to", "must be after from");
  const model::PageRequest page = query.page();
  if (query.failure()) return error_response(*query.failure());
  filter.tenant = scope_of(c, r).filter();
  return json_response(200, view_page(c.records.list(filter, page), page));
}

}  // namespace ctib::numbers::api::routes
