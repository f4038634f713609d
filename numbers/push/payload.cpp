#include "numbers/push/payload.hpp"

#include <nlohmann/json.hpp>

#include "numbers/model/names.hpp"
#include "numbers/model/time_text.hpp"
#include "numbers/records/record_json.hpp"

namespace ctib::numbers::push {

namespace {

using model::Event;
using nlohmann::json;
using namespace records::json_values;

// The event's own time when the record has it (the engine's epochs win
// there), else when the notification arrived.
model::Instant event_time(const model::CallRecord& r, Event e, model::Instant at) {
  const auto or_at = [at](const std::optional<model::Instant>& t) { return t.value_or(at); };
  switch (e) {
    case Event::request:
      return or_at(r.call_time);
    case Event::ring:
      return or_at(r.ring_time);
    case Event::answer:
      return or_at(r.answer_time);
    case Event::hangup:
      return or_at(r.release_time);
    case Event::progress:
      break;
  }
  return at;
}

}  // namespace

std::optional<std::string_view> event_name(Event event) noexcept {
  switch (event) {
    case Event::request:
      return "callin";
    case Event::ring:
      return "alerting";
    case Event::answer:
      return "answer";
    case Event::hangup:
      return "disconnect";
    case Event::progress:
      break;
  }
  return std::nullopt;
}

std::string idempotency_key(std::string_view uuid, std::string_view name) {
  std::string key(uuid);
  key += ':';
  key += name;
  return key;
}

std::string event_payload(const model::CallRecord& record, Event event, model::Instant at) {
  const std::string_view name = event_name(event).value_or("");
  json out = {{"type", "event"},
              {"idempotency_key", idempotency_key(record.uuid, name)},
              {"event", name},
              {"event_time", model::format_time(event_time(record, event, at))}};
  out.update(records::call_identity(record));
  if (event == Event::hangup) {
    out.update(records::call_release(record));
    out["duration"] = or_null(record.duration);
    out["billsec"] = or_null(record.billsec);
  }
  return out.dump();
}

std::string record_payload(const model::CallRecord& r) {
  json out = records::call_record(r);
  out["type"] = "record";
  out["idempotency_key"] = idempotency_key(r.uuid, "record");
  return out.dump();
}

}  // namespace ctib::numbers::push
