#pragma once
// The JSON of pushed items (docs/push.md "Items"): call events named after
// Huawei's 呼叫事件通知 (callin, alerting, answer, disconnect) and the final
// call record (Alibaba's SecretReport) with the field names of
// GET /v1/records. Built once, when the item enters the outbox, and sent
// byte for byte as stored, so every retry carries the same item.

#include <optional>
#include <string>
#include <string_view>

#include "numbers/model/types.hpp"

namespace ctib::numbers::push {

// The pushed event a merged notification raises, if any (progress: none).
std::optional<std::string_view> event_name(model::Event event) noexcept;

// "<uuid>:<name>": the same for every URL, attempt and restart, so a
// receiver can drop what it already has.
std::string idempotency_key(std::string_view uuid, std::string_view name);

// One event item; `at` is when the service took the notification in.
std::string event_payload(const model::CallRecord& record, model::Event event, model::Instant at);
// The final record item (after the hangup).
std::string record_payload(const model::CallRecord& record);

}  // namespace ctib::numbers::push
