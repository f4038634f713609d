// DELETE /v1/groups/{id}/numbers/{number}: remove a member from an AXG
// group; its next call to the group's X is refused and recorded intercepted.
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response group_number_delete(const Context& c, const Request& r, const PathParams& p) {
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto id = path_id(p, "id");
  if (!id) return error_response(id.error());
  const auto number = path_number(p, c.config.plan);
  if (!number) return error_response(number.error());
  const auto updated = c.bindings.remove_member(*id, *number, scope_of(c, r));
  if (!updated) return error_response(updated.error());
  return json_response(200, view(*updated));
}

}  // namespace ctib::numbers::api::routes
