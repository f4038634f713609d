// GET /v1/numbers/{number}: one middle number with its live load.
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response number_get(const Context& c, const Request& r, const PathParams& p) {
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto number = path_number(p, c.config.plan);
  if (!number) return error_response(number.error());
  const auto found = c.pool.get(*number, scope_of(c, r));
  if (!found) return error_response(found.error());
  return json_response(200, view(*found));
}

}  // namespace ctib::numbers::api::routes
