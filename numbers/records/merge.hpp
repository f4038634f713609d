#pragma once
// Call-record assembly. Every notification is merged into the call's one
// record so that the result does not depend on how often or in which order
// the notifications arrive:
//  - `seen` is a union of bits;
//  - times from the engine's hangup (start/answer/end epochs) win over times
//    of receipt; otherwise the earliest receipt time is kept (min);
//  - binding facts are written by the first routing request and never
//    overwritten (except that an AXE call's later request that dials
//    replaces the earlier ones that only asked for the extension, see
//    merge_decision); hangup facts by the hangup, identical on a duplicate;
//  - a billing record does not change after release: a later hangup with
//    other values (cause, status, times, billsec), or an answer for a call
//    whose hangup said it was never answered, is a conflict and changes
//    nothing (docs/numbers-service.md "Call records").

#include <optional>
#include <string>

#include "numbers/model/route.hpp"
#include "numbers/model/types.hpp"

namespace ctib::numbers::records {

// One notification from the engine, parsed at the edge.
struct Notification {
  model::Event event = model::Event::request;
  std::string uuid;
  std::string caller;       // canonical when it parsed, else as sent
  std::string destination;  // idem
  std::optional<model::Instant> start;
  std::optional<model::Instant> answer;
  std::optional<model::Instant> end;
  std::optional<std::int64_t> duration;
  std::optional<std::int64_t> billsec;
  std::string cause_name;
  std::optional<int> cause_q850;
  std::optional<int> sip_status;
  std::optional<model::ReleaseSide> hangup_by;
  std::string recording;                     // the WAV's file name, or the engine's reference
  std::optional<std::int64_t> recording_ms;  // record_ms
};

enum class MergeOutcome {
  applied,    // the record took the notification in
  duplicate,  // a hangup identical to the one already merged: nothing to do
  conflict,   // contradicts the released record: refused, record unchanged
};

MergeOutcome merge(model::CallRecord& record, const Notification& n, model::Instant received);

// The routing request's outcome: which binding, direction and parties.
// Refused calls are recorded as intercepted.
void merge_decision(model::CallRecord& record, const model::RouteDecision& decision, const std::string& caller,
                    const std::string& x);

}  // namespace ctib::numbers::records
