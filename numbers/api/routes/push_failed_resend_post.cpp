// POST /v1/push/failed/{id}/resend: a dead pushed item back into the
// outbox, due at once with a fresh retry budget and its idempotency key
// unchanged (a receiver that did get it after all drops the repeat).
#include "libs/base/text.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"
#include "numbers/model/time_text.hpp"

namespace ctib::numbers::api::routes {

Response push_failed_resend_post(const Context& c, const Request& r, const PathParams& p) {
  if (c.push_failed == nullptr) return error_response(model::not_found("path", "pushing is not configured"));
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto text = path_id(p, "id");
  if (!text) return error_response(text.error());
  const auto id = base::parse_int(*text);
  if (!id || *id <= 0) return error_response(model::invalid("id", "must be a positive integer"));
  const auto resent = c.push_failed->resend(*id, scope_of(c, r));
  if (!resent) return error_response(resent.error());
  return json_response(202, {{"id", resent->id},
                             {"state", "pending"},
                             {"next_attempt_at", model::format_time(resent->next_attempt_at)}});
}

}  // namespace ctib::numbers::api::routes
