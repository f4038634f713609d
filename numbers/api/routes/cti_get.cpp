// GET /v1/cti: the cti_bridge routing and notification endpoint, the way the
// engine calls it (parameters appended to the configured URL).
#include "numbers/api/cti.hpp"
#include "numbers/api/routes/handlers.hpp"

namespace ctib::numbers::api::routes {

Response cti_get(const Context& c, const Request& r, const PathParams& /*p*/) { return answer_cti(c, r); }

}  // namespace ctib::numbers::api::routes
