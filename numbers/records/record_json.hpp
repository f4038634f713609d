#pragma once
// The call record as JSON, as the API's GET /v1/records and the pushed
// events and records (docs/push.md) both write it: one spelling of every
// field, so a receiver reads the same record whichever way it arrived.
// Absent values are null, never "" or 0 (docs/numbers-service.md).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "numbers/model/names.hpp"
#include "numbers/model/time_text.hpp"
#include "numbers/model/types.hpp"

namespace ctib::numbers::records::json_values {

inline nlohmann::json text_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

inline nlohmann::json time_or_null(const std::optional<model::Instant>& t) {
  return t ? nlohmann::json(model::format_time(*t)) : nlohmann::json(nullptr);
}

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

template <class E>
nlohmann::json name_or_null(const std::optional<E>& v) {
  return v ? nlohmann::json(model::name(*v)) : nlohmann::json(nullptr);
}

}  // namespace ctib::numbers::records::json_values

namespace ctib::numbers::records {

// What identifies the call and its binding: uuid, binding_id, out_id,
// user_data, a, x, peer, caller, callee, direction.
nlohmann::json call_identity(const model::CallRecord& r);

// How it ended: release_time, release_direction, release_cause {name, q850},
// sip_status.
nlohmann::json call_release(const model::CallRecord& r);

// The whole record: identity, record flag, call/ring/progress/answer times,
// duration, billsec, release, recording (its file name, length and the API
// route serving it).
nlohmann::json call_record(const model::CallRecord& r);

// A recording the service can serve: a plain file name (no directory, no
// leading dot) of letters, digits, '.', '_' and '-', ending ".wav", at most
// 200 characters. The engine names them <call uuid>.wav.
bool is_recording_file(std::string_view name);

}  // namespace ctib::numbers::records
