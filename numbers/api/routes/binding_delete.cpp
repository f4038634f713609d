// DELETE /v1/bindings/{id}: unbind. New calls are refused at once; a call
// already up is not cut. Unbinding an ended binding returns it unchanged.
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response binding_delete(const Context& c, const Request& r, const PathParams& p) {
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto id = path_id(p, "id");
  if (!id) return error_response(id.error());
  const auto ended = c.bindings.unbind(*id, scope_of(c, r));
  if (!ended) return error_response(ended.error());
  return json_response(200, view(*ended));
}

}  // namespace ctib::numbers::api::routes
