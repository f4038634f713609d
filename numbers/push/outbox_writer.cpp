#include "numbers/push/outbox_writer.hpp"

#include <chrono>
#include <random>

#include "numbers/push/payload.hpp"

namespace ctib::numbers::push {

OutboxWriter::OutboxWriter(const PushOptions& options, std::function<void(std::size_t)> wake)
    : options_(options), wake_(std::move(wake)) {
  std::random_device seed;
  last_id_ = static_cast<std::int64_t>(seed() % 1024);
}

std::int64_t OutboxWriter::next_id() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  const std::int64_t floor = ms * 1024;
  std::int64_t last = last_id_.load(std::memory_order_relaxed);
  for (;;) {
    const std::int64_t id = std::max(last + 1, floor + last % 1024);
    if (last_id_.compare_exchange_weak(last, id, std::memory_order_relaxed)) return id;
  }
}

void OutboxWriter::on_merged(storage::Session& session, const model::CallRecord& record, model::Event event,
                             model::Instant at) {
  const auto name = event_name(event);
  if (!name) return;
  // The tenant's own URLs replace the service's; the binding's own URL
  // replaces both for its calls (docs/push.md "Where items go").
  const TenantPush* tenant = options_.tenant_push(record.tenant);
  std::vector<std::string> urls = tenant ? tenant->urls : options_.urls;
  if (!record.binding_id.empty()) {
    // The binding may have ended since (unbind, expiry): its URL still
    // applies to the calls it routed.
    const auto binding = session.find_binding(record.binding_id);
    if (binding && !binding->callback_url.empty()) urls = {binding->callback_url};
  }
  if (urls.empty()) return;
  const auto enqueue = [&](std::string_view kind, std::string key, std::string payload) {
    for (const std::string& url : urls) {
      storage::PushItem item;
      item.id = next_id();
      item.idempotency_key = key;
      item.url = url;
      item.kind = std::string(kind);
      item.uuid = record.uuid;
      item.tenant = record.tenant;
      item.payload = payload;
      item.created_at = at;
      item.next_attempt_at = at;
      session.enqueue_push(item);
      unannounced_.fetch_add(1, std::memory_order_relaxed);
      total_.fetch_add(1, std::memory_order_relaxed);
    }
  };
  enqueue("event", idempotency_key(record.uuid, *name), event_payload(record, event, at));
  if (event == model::Event::hangup) {
    enqueue("record", idempotency_key(record.uuid, "record"), record_payload(record));
  }
}

void OutboxWriter::committed() noexcept {
  const std::size_t n = unannounced_.exchange(0, std::memory_order_relaxed);
  if (n > 0 && wake_) wake_(n);
}

}  // namespace ctib::numbers::push
