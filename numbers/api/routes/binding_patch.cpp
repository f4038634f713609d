// PATCH /v1/bindings/{id}: change B (AXN: the default B; null clears it),
// the expiration, or the call restriction of a live binding.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response binding_patch(const Context& c, const Request& r, const PathParams& p) {
  const auto id = path_id(p, "id");
  if (!id) return error_response(id.error());
  const auto body = parse_object(r);
  if (!body) return error_response(body.error());
  BodyReader reader(*body);
  reader.only({"b", "expiration", "call_restrict"});
  bindings::UpdateRequest update;
  update.b = reader.is_null("b") ? std::optional<std::string>("") : reader.number("b", Need::optional, c.config.plan);
  update.expires_at = reader.time("expiration", Need::optional);
  update.restriction = reader.choice<model::Restriction>("call_restrict", Need::optional,
                                                         "none, a_to_x_barred, b_to_x_barred");
  if (!update.b && !update.expires_at && !update.restriction) {
    reader.fail("body", "must change at least one of b, expiration, call_restrict");
  }
  if (reader.failure()) return error_response(*reader.failure());
  const auto updated = c.bindings.update(*id, update);
  if (!updated) return error_response(updated.error());
  return json_response(200, view(*updated));
}

}  // namespace ctib::numbers::api::routes
