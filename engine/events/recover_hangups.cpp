// Hangups after a crash (docs/decisions/0006-call-journal.md).
#include <algorithm>

#include "engine/events/call_journal.hpp"

namespace ctib::events {

namespace {

std::chrono::system_clock::time_point from_us(std::int64_t us) {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::microseconds(us)));
}

}  // namespace

std::vector<SpooledNotification> recover_hangups(const JournalState& state) {
  std::vector<SpooledNotification> out;
  for (const auto& [uuid, call] : state.calls()) {
    if (call.end) {
      out.push_back(call.end->hangup);  // ended normally; its delivery was not proven
      continue;
    }
    if (!call.start || !call.start->route.notify) continue;  // an answer alone says nowhere to send
    const JournalRecord& start = *call.start;
    routing::HangupReport report;
    report.uuid = uuid;
    report.cause = causes::HangupCause::CRASH;
    report.start = from_us(start.start_us);
    std::int64_t end = std::max(state.last_alive_us(), start.start_us);
    if (call.answer) {
      report.answer = from_us(call.answer->answer_us);
      report.sip_term_status = 200;
      report.dialed = call.answer->dialed;
      end = std::max(end, call.answer->answer_us);
    }
    report.end = from_us(end);
    report.caller_id_number = start.caller_id_number;
    report.destination_number = start.destination_number;
    report.hangup_by = routing::HangupBy::System;
    out.push_back(SpooledNotification{uuid, routing::build_hangup_notification(start.route, report),
                                      start.route.connect_timeout, start.route.response_timeout});
  }
  return out;
}

}  // namespace ctib::events
