// A and the winning B leg, paired: offers relayed both ways with a glare
// guard (freeswitch-semantics §6.5, pass-through mode: an offer while one is
// pending is answered 491), the early-media answer timer (§2.1) and the
// duration limit of an answered call (ctib_max_duration, docs/protocol.md).
#include "engine/call/call.hpp"
#include "engine/call/final_response.hpp"
#include "engine/call/originate_options.hpp"

namespace ctib::call {

void Call::take_winner(OutboundLeg& winner) {
  winner_ = &winner;
  callee_sdp_ = winner.answer_sdp() ? winner.answer_sdp() : winner.early_sdp();
  record_.dialed = winner.text();
  winner.set_listener(static_cast<LegListener*>(this));
}

void Call::start_answer_timer() {
  const auto t = bridge_answer_timeout(caller_vars_);
  if (t.count() <= 0) return;
  answer_timer_ = deps_.timers.start(t, [this] { dispatch(CallEvent(Event::AnswerTimeout)); });
}

// ctib_max_duration: the answered call is ended by the switch that many
// seconds after answer (FreeSWITCH's sched_hangup +N alloted_timeout).
void Call::start_duration_timer() {
  const auto limit = max_duration(caller_vars_);
  if (limit.count() <= 0) return;
  duration_timer_ = deps_.timers.start(limit, [this] { dispatch(CallEvent(Event::MaxDuration)); });
}

// The timeline shows every relayed offer and what came of it: an offer lost
// between the legs was invisible before (issue 14).
void Call::relay_caller_offer(const Body& sdp) {
  timeline_note(TimelineKind::sip_in, [&] { return "offer from caller (re-INVITE/UPDATE)"; });
  if (offer_from_ != Side::None) {
    timeline_note(TimelineKind::sip_out, [&] { return "491 to caller (offer pending)"; });
    caller_side().respond_reinvite(491, nullptr);
    return;
  }
  offer_from_ = Side::Caller;
  caller_sdp_ = sdp;
  if (anchored_) return media_step(MediaStep::Kind::offer, "a", "b", sdp, MediaWait::CallerOffer);
  winner_->send_reinvite(sdp);
}

void Call::relay_callee_offer(const Body& sdp) {
  timeline_note(TimelineKind::sip_in, [&] { return "offer from callee (re-INVITE/UPDATE)"; });
  if (offer_from_ != Side::None) {
    timeline_note(TimelineKind::sip_out, [&] { return "491 to callee (offer pending)"; });
    winner_->respond_reinvite(491, nullptr);
    return;
  }
  offer_from_ = Side::Callee;
  callee_sdp_ = sdp;
  if (anchored_) return media_step(MediaStep::Kind::offer, "b", "a", sdp, MediaWait::CalleeOffer);
  caller_side().send_reinvite(sdp);
}

// B answered the offer A made.
void Call::relay_callee_answer(int status, const Body* sdp) {
  if (offer_from_ == Side::Switch) {
    // The answer to a transfer's re-offer (transfer.cpp): nobody to relay to.
    offer_from_ = Side::None;
    timeline_note(TimelineKind::sip_in,
                  [&] { return "callee answered the transfer's offer " + std::to_string(status); });
    if (status >= 200 && status < 300 && sdp != nullptr) callee_sdp_ = *sdp;
    return;
  }
  if (offer_from_ != Side::Caller || media_wait_ != MediaWait::None) return;
  if (status >= 200 && status < 300 && sdp != nullptr) callee_sdp_ = *sdp;
  const int relayed = relayed_offer_status(status);
  if (anchored_ && relayed == status && sdp != nullptr && status < 300) {
    // The answer goes through the relay first (offer_from_ stays set).
    media_status_ = status;
    return media_step(MediaStep::Kind::answer, "a", "b", *sdp, MediaWait::CalleeAnswer);
  }
  offer_from_ = Side::None;
  timeline_note(TimelineKind::sip_out, [&] {
    return "offer answer " + std::to_string(relayed) + " to caller (callee " + std::to_string(status) + ")";
  });
  caller_side().respond_reinvite(relayed, relayed == status ? sdp : nullptr);
}

// A answered the offer B made.
void Call::relay_caller_answer(int status, const Body* sdp) {
  if (offer_from_ == Side::Switch) {
    offer_from_ = Side::None;
    timeline_note(TimelineKind::sip_in,
                  [&] { return "caller answered the transfer's offer " + std::to_string(status); });
    if (status >= 200 && status < 300 && sdp != nullptr) caller_sdp_ = *sdp;
    return;
  }
  if (offer_from_ != Side::Callee || media_wait_ != MediaWait::None) return;
  if (status >= 200 && status < 300 && sdp != nullptr) caller_sdp_ = *sdp;
  const int relayed = relayed_offer_status(status);
  if (anchored_ && relayed == status && sdp != nullptr && status < 300) {
    media_status_ = status;
    return media_step(MediaStep::Kind::answer, "b", "a", *sdp, MediaWait::CallerAnswer);
  }
  offer_from_ = Side::None;
  timeline_note(TimelineKind::sip_out, [&] {
    return "offer answer " + std::to_string(relayed) + " to callee (caller " + std::to_string(status) + ")";
  });
  winner_->respond_reinvite(relayed, relayed == status ? sdp : nullptr);
}

}  // namespace ctib::call
