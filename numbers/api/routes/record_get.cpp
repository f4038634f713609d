// GET /v1/records/{uuid}: the record of one call.
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response record_get(const Context& c, const Request& r, const PathParams& p) {
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto uuid = path_id(p, "uuid");
  if (!uuid) return error_response(uuid.error());
  const auto found = c.records.get(*uuid, scope_of(c, r));
  if (!found) return error_response(found.error());
  return json_response(200, view(*found));
}

}  // namespace ctib::numbers::api::routes
