// PATCH /v1/bindings/{id}: change B (AXN: the default B; null clears it),
// the expiration, the call restriction or the callback URL (null clears
// it) of a live binding.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"
#include "numbers/push/callback_url.hpp"

namespace ctib::numbers::api::routes {

Response binding_patch(const Context& c, const Request& r, const PathParams& p) {
  const auto id = path_id(p, "id");
  if (!id) return error_response(id.error());
  const auto body = parse_object(r);
  if (!body) return error_response(body.error());
  BodyReader reader(*body);
  reader.only({"b", "expiration", "call_restrict", "callback_url"});
  bindings::UpdateRequest update;
  update.b = reader.is_null("b") ? std::optional<std::string>("") : reader.number("b", Need::optional, c.config.plan);
  update.expires_at = reader.time("expiration", Need::optional);
  update.restriction = reader.choice<model::Restriction>("call_restrict", Need::optional,
                                                         "none, a_to_x_barred, b_to_x_barred");
  update.callback_url = reader.is_null("callback_url")
                            ? std::optional<std::string>("")
                            : reader.text("callback_url", Need::optional, push::kMaxCallbackUrl);
  if (update.callback_url && !update.callback_url->empty()) {
    if (const std::string why = push::check_callback_url(*update.callback_url); !why.empty()) {
      reader.fail("callback_url", why);
    }
  }
  if (!update.b && !update.expires_at && !update.restriction && !update.callback_url) {
    reader.fail("body", "must change at least one of b, expiration, call_restrict, callback_url");
  }
  if (reader.failure()) return error_response(*reader.failure());
  const auto updated = c.bindings.update(*id, update, scope_of(c, r));
  if (!updated) return error_response(updated.error());
  return json_response(200, view(*updated));
}

}  // namespace ctib::numbers::api::routes
