#include "numbers/push/payload.hpp"

#include <nlohmann/json.hpp>

#include "numbers/model/names.hpp"
#include "numbers/model/time_text.hpp"

namespace ctib::numbers::push {

namespace {

using model::Event;
using nlohmann::json;

json text_or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json time_or_null(const std::optional<model::Instant>& t) {
  return t ? json(model::format_time(*t)) : json(nullptr);
}

template <class T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

template <class E>
json name_or_null(const std::optional<E>& v) {
  return v ? json(model::name(*v)) : json(nullptr);
}

// What identifies the call and its binding, in every item.
json call_fields(const model::CallRecord& r) {
  return {{"uuid", r.uuid},
          {"binding_id", text_or_null(r.binding_id)},
          {"out_id", text_or_null(r.out_id)},
          {"user_data", text_or_null(r.user_data)},
          {"a", text_or_null(r.a)},
          {"x", text_or_null(r.x)},
          {"peer", text_or_null(r.peer)},
          {"caller", text_or_null(r.caller)},
          {"callee", text_or_null(r.callee)},
          {"direction", name_or_null(r.direction)}};
}

json release_fields(json out, const model::CallRecord& r) {
  out["release_time"] = time_or_null(r.release_time);
  out["release_direction"] = name_or_null(r.release_side);
  out["release_cause"] = {{"name", text_or_null(r.cause_name)}, {"q850", or_null(r.cause_q850)}};
  out["sip_status"] = or_null(r.sip_status);
  return out;
}

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
  out.update(call_fields(record));
  if (event == Event::hangup) {
    out = release_fields(std::move(out), record);
    out["duration"] = or_null(record.duration);
    out["billsec"] = or_null(record.billsec);
  }
  return out.dump();
}

std::string record_payload(const model::CallRecord& r) {
  json out = {{"type", "record"}, {"idempotency_key", idempotency_key(r.uuid, "record")}};
  out.update(call_fields(r));
  out["record"] = r.record;
  out["call_time"] = time_or_null(r.call_time);
  out["ring_time"] = time_or_null(r.ring_time);
  out["progress_time"] = time_or_null(r.progress_time);
  out["answer_time"] = time_or_null(r.answer_time);
  out["duration"] = or_null(r.duration);
  out["billsec"] = or_null(r.billsec);
  out = release_fields(std::move(out), r);
  out["recording"] = text_or_null(r.recording);
  out["tenant"] = r.tenant;  // as GET /v1/records shows it (decision 0016)
  return out.dump();
}

}  // namespace ctib::numbers::push
