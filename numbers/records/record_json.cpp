#include "numbers/records/record_json.hpp"

namespace ctib::numbers::records {

using namespace json_values;

nlohmann::json call_identity(const model::CallRecord& r) {
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

nlohmann::json call_release(const model::CallRecord& r) {
  return {{"release_time", time_or_null(r.release_time)},
          {"release_direction", name_or_null(r.release_side)},
          {"release_cause", {{"name", text_or_null(r.cause_name)}, {"q850", or_null(r.cause_q850)}}},
          {"sip_status", or_null(r.sip_status)}};
}

bool is_recording_file(std::string_view name) {
  constexpr std::string_view kSuffix = ".wav";
  if (name.size() <= kSuffix.size() || name.size() > 200 || name.front() == '.') return false;
  if (name.substr(name.size() - kSuffix.size()) != kSuffix) return false;
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                    ch == '_' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

nlohmann::json call_record(const model::CallRecord& r) {
  nlohmann::json out = call_identity(r);
  out.update(call_release(r));
  out["record"] = r.record;
  out["call_time"] = time_or_null(r.call_time);
  out["ring_time"] = time_or_null(r.ring_time);
  out["progress_time"] = time_or_null(r.progress_time);
  out["answer_time"] = time_or_null(r.answer_time);
  out["duration"] = or_null(r.duration);
  out["billsec"] = or_null(r.billsec);
  out["recording"] = text_or_null(r.recording);
  out["recording_ms"] = or_null(r.recording_ms);
  // Where the owning tenant fetches the WAV (GET /v1/records/{uuid}/recording);
  // null when the engine reported no file.
  out["recording_url"] = is_recording_file(r.recording) ? nlohmann::json("/v1/records/" + r.uuid + "/recording")
                                                        : nlohmann::json(nullptr);
  out["tenant"] = r.tenant;                                // decision 0016
  out["transferred_to"] = text_or_null(r.transferred_to);  // decision 0027
  out["transfer_time"] = time_or_null(r.transfer_time);
  out["extension"] = text_or_null(r.extension);  // AXE (decision 0026)
  return out;
}

}  // namespace ctib::numbers::records
