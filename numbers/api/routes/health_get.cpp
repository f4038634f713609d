// GET /v1/health: liveness for load balancers; no auth, no database.
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"
#include "numbers/model/time_text.hpp"

namespace ctib::numbers::api::routes {

Response health_get(const Context& c, const Request& /*r*/, const PathParams& /*p*/) {
  return json_response(200, {{"status", "ok"}, {"time", model::format_time(c.clock.now())}});
}

}  // namespace ctib::numbers::api::routes
