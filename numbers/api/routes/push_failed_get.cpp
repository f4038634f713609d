// GET /v1/push/failed: pushed items that spent their retry budget (dead
// letters, docs/push.md), oldest first, paged; each with the item exactly
// as it was (and will be) sent.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"
#include "numbers/model/time_text.hpp"

namespace ctib::numbers::api::routes {

namespace {

nlohmann::json failed_view(const storage::PushItem& i) {
  // The stored payload is JSON the service wrote; a row that does not
  // parse (edited by hand) is shown as text rather than failing the list.
  nlohmann::json item = nlohmann::json::parse(i.payload, nullptr, false);
  if (item.is_discarded()) item = i.payload;
  return {{"id", i.id},
          {"idempotency_key", i.idempotency_key},
          {"kind", i.kind},
          {"uuid", i.uuid},
          {"url", i.url},
          {"attempts", i.attempts},
          {"last_error", i.last_error},
          {"created_at", model::format_time(i.created_at)},
          {"item", std::move(item)}};
}

}  // namespace

Response push_failed_get(const Context& c, const Request& r, const PathParams& /*p*/) {
  if (c.push_failed == nullptr) return error_response(model::not_found("path", "pushing is not configured"));
  QueryReader query(r);
  query.only({"page", "page_size"});
  const model::PageRequest page = query.page();
  if (query.failure()) return error_response(*query.failure());
  const auto found = c.push_failed->list(page, scope_of(c, r));
  nlohmann::json items = nlohmann::json::array();
  for (const storage::PushItem& i : found.items) items.push_back(failed_view(i));
  return json_response(200, {{"items", std::move(items)},
                             {"page", page.offset / page.limit + 1},
                             {"page_size", page.limit},
                             {"total", found.total}});
}

}  // namespace ctib::numbers::api::routes
