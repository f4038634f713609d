// GET /v1/bindings/{id}: one binding, in its state as of now.
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response binding_get(const Context& c, const Request& r, const PathParams& p) {
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto id = path_id(p, "id");
  if (!id) return error_response(id.error());
  const auto found = c.bindings.get(*id, scope_of(c, r));
  if (!found) return error_response(found.error());
  return json_response(200, view(*found));
}

}  // namespace ctib::numbers::api::routes
