// DELETE /v1/numbers/{number}: retire a number (refused while it has live pairs).
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response number_delete(const Context& c, const Request& r, const PathParams& p) {
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto number = path_number(p, c.config.plan);
  if (!number) return error_response(number.error());
  const auto retired = c.pool.retire(*number, scope_of(c, r));
  if (!retired) return error_response(retired.error());
  return json_response(200, view(*retired));
}

}  // namespace ctib::numbers::api::routes
