// The call's snapshot for the admin API, and what it records on its timeline
// for others.
#include "engine/call/call.hpp"

namespace ctib::call {

namespace {

std::string_view state_name(Call::State s) noexcept {
  switch (s) {
    case Call::State::Idle:
      return "idle";
    case Call::State::Routing:
      return "routing";
    case Call::State::Originating:
      return "originating";
    case Call::State::Anchoring:
      return "anchoring";
    case Call::State::EarlyMedia:
      return "early_media";
    case Call::State::Answered:
      return "answered";
    case Call::State::Done:
      return "ended";
  }
  return "unknown";
}

}  // namespace

void Call::note(TimelineKind kind, std::string detail) {
  timeline_.add(deps_.timers.wall_now(), kind, std::move(detail));
}

CallView Call::view(bool with_timeline) const {
  CallView v;
  v.uuid = uuid_;
  v.state = state_name(state_);
  v.profile = invite_.profile;
  v.caller = invite_.from_user;
  v.callee = invite_.request_user;
  v.caller_ip = invite_.network_addr;
  v.sip_call_id = invite_.call_id;
  // The leg that answered (or won with early media), else the last one that
  // rang, else the one being tried; none before routing placed a leg.
  if (winner_ != nullptr) {
    v.target = winner_->text();
  } else if (ringing_ != nullptr) {
    v.target = ringing_->text();
  } else if (!dialer_.last_attempted().empty()) {
    v.target = dialer_.last_attempted();
  }
  v.created_at = timeline_.origin();
  v.answered_at = record_.answer;
  v.routing_ms = routing_ms_;
  if (state_ == State::Done) {
    v.hangup_cause = record_.cause;
    v.sip_status = record_.sip_term_status;
  }
  if (with_timeline) {
    v.timeline = timeline_.entries();
    v.timeline_dropped = timeline_.dropped();
  }
  return v;
}

}  // namespace ctib::call
