// DELETE /v1/groups/{id}: delete an AXG group and its members; 409 while a
// live AXG binding names it (unbind first), 404 for another tenant's.
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response group_delete(const Context& c, const Request& r, const PathParams& p) {
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto id = path_id(p, "id");
  if (!id) return error_response(id.error());
  const auto deleted = c.bindings.delete_group(*id, scope_of(c, r));
  if (!deleted) return error_response(deleted.error());
  return json_response(200, view(*deleted));
}

}  // namespace ctib::numbers::api::routes
