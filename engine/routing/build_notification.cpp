#include <array>
#include <cassert>
#include <chrono>
#include <string>

#include "engine/routing/params.hpp"
#include "engine/routing/request.hpp"

namespace ctib::routing {

namespace {

struct HangupByName {
  HangupBy by;
  std::string_view name;
};
constexpr std::array<HangupByName, 3> kHangupByNames{{
    {HangupBy::Caller, "caller"},
    {HangupBy::Callee, "callee"},
    {HangupBy::System, "system"},
}};

long long epoch_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string_view name(HangupBy by) noexcept {
  for (const auto& row : kHangupByNames) {
    if (row.by == by) return row.name;
  }
  return "system";
}

// ring / progress / answer carry just enough to match the call without state
// on the interface side: the uuid plus the two numbers every CDR keys on.
HttpRequest build_progress_notification(const RouteConfig& config, Action action, const CallInfo& call) {
  assert(action == Action::Ring || action == Action::Progress || action == Action::Answer);
  const detail::Params params{
      {"action", std::string(name(action))},
      {"uuid", call.uuid},
      {"caller_id_number", call.caller_id_number},
      {"destination_number", call.destination_number},
  };
  return detail::encode_request(config, params);
}

// FreeSWITCH reports answer_epoch 0 and billsec 0 for a call never answered,
// and computes duration/billsec from whole-second epochs; so do we, so CDRs
// compare equal with a FreeSWITCH running the same interface.
HttpRequest build_hangup_notification(const RouteConfig& config, const HangupReport& report) {
  const long long start = epoch_seconds(report.start);
  const long long end = epoch_seconds(report.end);
  const long long answer = report.answer ? epoch_seconds(*report.answer) : 0;
  const long long duration = end > start ? end - start : 0;
  const long long billsec = report.answer && end > answer ? end - answer : 0;
  detail::Params params{
      {"action", std::string(name(Action::Hangup))},
      {"uuid", report.uuid},
      {"hangup_cause", std::string(causes::name(report.cause))},
      {"hangup_cause_q850", std::to_string(causes::q850(report.cause))},
      {"sip_term_status", report.sip_term_status ? std::to_string(*report.sip_term_status) : std::string()},
      {"start_epoch", std::to_string(start)},
      {"answer_epoch", std::to_string(answer)},
      {"end_epoch", std::to_string(end)},
      {"duration", std::to_string(duration)},
      {"billsec", std::to_string(billsec)},
      {"caller_id_number", report.caller_id_number},
      {"destination_number", report.destination_number},
      {"dialed", report.dialed},
      {"hangup_by", std::string(name(report.hangup_by))},
  };
  // FreeSWITCH's record_session leaves record_seconds / record_ms on the
  // channel; the file is ours (docs/protocol.md §5).
  if (!report.record_file.empty() && report.record_ms) {
    params.emplace_back("record_file", report.record_file);
    params.emplace_back("record_seconds", std::to_string(report.record_ms->count() / 1000));
    params.emplace_back("record_ms", std::to_string(report.record_ms->count()));
  }
  return detail::encode_request(config, params);
}

}  // namespace ctib::routing
