// The call state machine: entry points classify what happened into a
// CallEvent, dispatch() hands it to the handler of the current state.
#include "engine/call/call.hpp"

#include <variant>

#include "engine/call/final_response.hpp"

namespace ctib::call {

using causes::HangupCause;

namespace {

// A routing answer in a few words, for the timeline.
std::string describe(const routing::Dial& dial) {
  struct Describe {
    std::string operator()(const routing::GatewayDial& d) const {
      return "gateway " + d.gateway + " " + d.number;
    }
    std::string operator()(const routing::UserDial& d) const { return "user " + d.user; }
    std::string operator()(const routing::IpDial& d) const { return "ip " + d.number + "@" + d.host; }
    std::string operator()(const routing::DialstringDial& d) const { return "dialstring " + d.text; }
    std::string operator()(const routing::PlayAndGetDigitsDial& d) const {
      return "play_and_get_digits " + d.prompt.file;
    }
    std::string operator()(const routing::HangupDial& d) const {
      return "hangup " + std::to_string(d.sip_status()) + " " + std::string(causes::name(d.recorded_cause()));
    }
  };
  return std::visit(Describe{}, dial);
}

}  // namespace

Call::Call(CallDeps deps, CallSettings settings, InboundInvite invite, std::unique_ptr<CallerLeg> caller,
           std::string uuid, std::function<void()> on_finished)
    : deps_(std::move(deps)),
      settings_(std::move(settings)),
      invite_(std::move(invite)),
      caller_(std::move(caller)),
      uuid_(std::move(uuid)),
      on_finished_(std::move(on_finished)),
      timeline_(deps_.timers.wall_now(), settings_.timeline),
      caller_vars_(settings_.defaults),
      active_route_(settings_.route),
      dialer_(DialerEnv{deps_.sip, deps_.resolver, deps_.timers, invite_, caller_vars_, uuid_, deps_.log,
                        settings_.limits.max_legs, settings_.timeline ? &timeline_ : nullptr, &media_offer_}) {
  record_.uuid = uuid_;
  caller_sdp_ = invite_.sdp;
  record_.caller_id_number = invite_.from_user;
  record_.caller_id_name = invite_.from_display;
  record_.destination_number = invite_.request_user;
  timeline_note(TimelineKind::sip_in, [&] {
    return "INVITE " + invite_.call_id + " from " + invite_.from_user + "@" + invite_.network_addr + ":" +
           std::to_string(invite_.network_port) + " to " + invite_.request_user + " on " + invite_.profile;
  });
}

// Destroying a call that is not Done (engine shutdown) still releases the B
// legs; the SIP adapter deals with the A leg.
Call::~Call() {
  cancel_route_request();
  if (answer_timer_) answer_timer_->cancel();
  if (duration_timer_) duration_timer_->cancel();
  if (media_timer_) media_timer_->cancel();
  if (activity_request_) activity_request_->cancel();
  stop_collecting();
  if (originate_) originate_->cancel(HangupCause::SYSTEM_SHUTDOWN);
  dialer_.end_all(HangupCause::SYSTEM_SHUTDOWN);
  if (state_ != State::Done) release_media();
}

// ------------------------------------------------------------ entry points --

void Call::start() { dispatch(CallEvent(Event::Start)); }
void Call::on_caller_cancel() {
  timeline_note(TimelineKind::sip_in, [&] { return "CANCEL"; });
  dispatch(CallEvent(Event::CallerCancel));
}
void Call::hangup(HangupCause cause) {
  CallEvent e(Event::SystemHangup);
  e.cause = cause;
  dispatch(e);
}

void Call::on_caller_bye(std::optional<int> q850) {
  timeline_note(TimelineKind::sip_in,
                [&] { return "BYE" + (q850 ? " Q.850 " + std::to_string(*q850) : std::string()); });
  CallEvent e(Event::CallerBye);
  e.q850 = q850;
  dispatch(e);
}

void Call::on_caller_reinvite(const Body& sdp) {
  if (caller_released_) {
    caller_->respond_reinvite(481, nullptr);  // A transferred B and left
    return;
  }
  CallEvent e(Event::CallerReinvite);
  e.sdp = &sdp;
  dispatch(e);
}

void Call::on_caller_session_expired() {
  if (caller_released_) return;
  timeline_note(TimelineKind::sip_in, [&] { return "session timer expired"; });
  hangup(HangupCause::RECOVERY_ON_TIMER_EXPIRE);
}

void Call::on_caller_reinvite_response(int status, const Body* sdp) {
  if (caller_released_) return;
  CallEvent e(Event::CallerReinviteResponse);
  e.status = status;
  e.sdp = sdp;
  dispatch(e);
}

void Call::on_route_result(RouteResult result) {
  route_pending_ = false;
  const auto now = deps_.timers.wall_now();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(now - route_sent_at_);
  if (!routing_ms_) routing_ms_ = took;
  if (timeline_.enabled())
    timeline_.add(now, result ? TimelineKind::route_answer : TimelineKind::route_failure,
                  (result ? describe(result.value().dial) : result.error().detail) + " (" +
                      std::to_string(took.count()) + " ms)");
  CallEvent e(result ? Event::RouteAnswer : Event::RouteFailure);
  e.route = &result;
  dispatch(e);
}

void Call::on_originate_ring(OutboundLeg& leg, int status, bool relay) {
  ringing_ = &leg;
  CallEvent e(Event::CalleeRing, &leg, status);
  e.relay = relay;
  dispatch(e);
}

void Call::on_originate_early_media(OutboundLeg& leg, bool relay) {
  ringing_ = &leg;
  CallEvent e(Event::CalleeEarlyMedia, &leg);
  e.relay = relay;
  dispatch(e);
}

void Call::on_originate_won(OutboundLeg& winner) {
  dispatch(CallEvent(winner.state() == LegState::Answered ? Event::CalleeAnswer : Event::CalleeEarlyWin, &winner));
}

void Call::on_originate_failed(const OriginateFailure& failure) {
  CallEvent e(Event::OriginateFailed);
  e.failure = failure;
  dispatch(e);
}

// The winner's own events. Ring and early media after the win change nothing.
void Call::on_leg_ring(OutboundLeg& /*leg*/, int /*status*/) {}
void Call::on_leg_early_media(OutboundLeg& /*leg*/) {}
void Call::on_leg_answer(OutboundLeg& leg) { dispatch(CallEvent(Event::CalleeAnswer, &leg)); }
// After A transferred B, the target plays A's part (transfer.cpp): its
// events are the caller's, with the leg to tell them from A's own.
void Call::on_leg_down(OutboundLeg& leg) {
  dispatch(CallEvent(&leg == stand_in_ ? Event::CallerBye : Event::CalleeDown, &leg));
}

void Call::on_leg_reinvite(OutboundLeg& leg, const Body& sdp) {
  CallEvent e(&leg == stand_in_ ? Event::CallerReinvite : Event::CalleeReinvite, &leg);
  e.sdp = &sdp;
  dispatch(e);
}

void Call::on_leg_reinvite_response(OutboundLeg& leg, int status, const Body* sdp) {
  CallEvent e(&leg == stand_in_ ? Event::CallerReinviteResponse : Event::CalleeReinviteResponse, &leg,
              status);
  e.sdp = sdp;
  dispatch(e);
}

// ---------------------------------------------------------------- dispatch --

void Call::dispatch(const CallEvent& e) {
  // The switch ending a call is the same in every state that is still up.
  if (e.kind == Event::SystemHangup && state_ != State::Done) return system_hangup(e.cause);
  switch (state_) {
    case State::Idle:
      return on_idle(e);
    case State::Routing:
      return on_routing(e);
    case State::Originating:
      return on_originating(e);
    case State::Anchoring:
      return on_anchoring(e);
    case State::CollectingDigits:
      return on_collecting_digits(e);
    case State::EarlyMedia:
      return on_early_media(e);
    case State::Answered:
      return on_answered(e);
    case State::Done:
      return;  // nothing reaches a finished call
  }
}

void Call::on_idle(const CallEvent& e) {
  switch (e.kind) {
    case Event::Start:
      state_ = State::Routing;
      record_.start = deps_.timers.wall_now();
      send_route_query();
      return;
    case Event::CallerCancel:
    case Event::CallerBye:
      // Nothing was asked yet, so there is no hangup to report.
      timeline_note(TimelineKind::sip_out, [&] { return "487"; });
      caller_->refuse(487, reason_header(HangupCause::ORIGINATOR_CANCEL, false));
      state_ = State::Done;
      if (on_finished_) on_finished_();
      return;
    default:
      return;
  }
}

void Call::on_routing(const CallEvent& e) {
  switch (e.kind) {
    case Event::RouteAnswer:
      return apply_decision(std::move(e.route->value()));
    case Event::RouteFailure:
      return route_failed(e.route->error().detail);
    case Event::CallerCancel:
    case Event::CallerBye:
      // The callback must never run after this (Cancellable contract).
      cancel_route_request();
      return end_unanswered(HangupCause::ORIGINATOR_CANCEL, HangupBy::Caller);
    case Event::CallerReinvite:
      caller_->respond_reinvite(491, nullptr);
      return;
    case Event::MediaDone:
      return on_offer_anchored(e);
    default:
      return;
  }
}

void Call::on_originating(const CallEvent& e) {
  switch (e.kind) {
    case Event::CalleeRing:
      note_progress();
      if (e.relay) ring_caller(e.status == 182 ? 182 : 180);
      return;
    case Event::CalleeEarlyMedia:
      // Decision 0002: early media we do not pass on still makes A ring.
      note_progress();
      notify(Progress::EarlyMedia);
      if (e.relay) ring_caller(180);
      return;
    case Event::CalleeEarlyWin:
      take_winner(*e.leg);
      start_answer_timer();
      if (anchored_) return anchor_winner(*e.leg, false);
      state_ = State::EarlyMedia;
      early_media_to_caller(*e.leg, e.leg->early_sdp() ? &*e.leg->early_sdp() : nullptr);
      return;
    case Event::CalleeAnswer:
      take_winner(*e.leg);
      if (anchored_) return anchor_winner(*e.leg, true);
      state_ = State::Answered;
      answer_caller(e.leg->answer_sdp() ? &*e.leg->answer_sdp() : nullptr);
      return;
    case Event::OriginateFailed:
      return end_unanswered(e.failure.cause, e.failure.by_remote ? HangupBy::Callee : HangupBy::System);
    case Event::CallerCancel:
    case Event::CallerBye:
      originate_->cancel(HangupCause::ORIGINATOR_CANCEL);
      return end_unanswered(HangupCause::ORIGINATOR_CANCEL, HangupBy::Caller);
    case Event::CallerReinvite:
      caller_->respond_reinvite(491, nullptr);
      return;
    default:
      return;
  }
}

// Originate is over (§1.4 "early media ends originate"): no failover, no
// call_timeout; only bridge_answer_timeout bounds the wait.
void Call::on_early_media(const CallEvent& e) {
  switch (e.kind) {
    case Event::CalleeAnswer:
      if (anchored_) return anchor_winner(*winner_, true);
      state_ = State::Answered;
      answer_caller(winner_->answer_sdp() ? &*winner_->answer_sdp() : nullptr);
      return;
    case Event::MediaDone:
      return relay_anchored(e);
    case Event::CalleeDown:
      return end_unanswered(e.leg->cause(), e.leg->ended_by_remote() ? HangupBy::Callee : HangupBy::System);
    case Event::AnswerTimeout:
      winner_->end(HangupCause::ALLOTTED_TIMEOUT);
      return end_unanswered(HangupCause::ALLOTTED_TIMEOUT, HangupBy::System);
    case Event::CallerCancel:
    case Event::CallerBye:
      winner_->end(HangupCause::ORIGINATOR_CANCEL);
      return end_unanswered(HangupCause::ORIGINATOR_CANCEL, HangupBy::Caller);
    case Event::CallerReinvite:
      return relay_caller_offer(*e.sdp);
    case Event::CalleeReinvite:
      return relay_callee_offer(*e.sdp);
    case Event::CallerReinviteResponse:
      return relay_caller_answer(e.status, e.sdp);
    case Event::CalleeReinviteResponse:
      return relay_callee_answer(e.status, e.sdp);
    default:
      return;
  }
}

void Call::on_answered(const CallEvent& e) {
  switch (e.kind) {
    case Event::CallerBye: {
      // A's own BYE after it transferred B and was released: nothing left.
      if (e.leg == nullptr && caller_released_) return;
      if (e.leg == nullptr && transfer_ && transfer_->referrer == Side::Caller) {
        // The referrer may leave once its REFER is accepted; B waits for the target.
        transfer_->referrer_gone = true;
        caller_released_ = true;
        return;
      }
      // §2.3: when A hangs up, B is hung up with A's cause.
      const auto cause =
          e.leg != nullptr ? e.leg->cause() : cause_of_bye(e.q850, caller_vars_.flag("ignore_q850_reason"));
      winner_->end(cause);
      return end_answered(cause, HangupBy::Caller);
    }
    case Event::CalleeDown:
      if (transfer_ && e.leg == transfer_->target) {
        return transfer_failed(refusal_status(e.leg->cause(), dialer_.remote_log().last, false),
                               e.leg->cause());
      }
      if (e.leg != winner_) return;
      if (transfer_ && transfer_->referrer == Side::Callee) {
        transfer_->referrer_gone = true;
        return;
      }
      // A's cause when B ends is B's cause; a B leg ended by its session
      // timer (decision 0007) was ended by the switch, not the callee.
      timeline_note(TimelineKind::sip_out,
                    [&] { return "BYE " + std::string(causes::name(e.leg->cause())); });
      hangup_caller_side(e.leg->cause());
      return end_answered(e.leg->cause(), e.leg->ended_by_remote() ? HangupBy::Callee : HangupBy::System);
    case Event::MaxDuration:
      // BYE to A and (in finish()) to B, recorded as the switch's doing.
      log("ctib_max_duration reached, ending the call");
      return system_hangup(HangupCause::ALLOTTED_TIMEOUT);
    case Event::MediaDone:
      return relay_anchored(e);
    case Event::MediaTimeout:
      log("no RTP for rtp_timeout_sec, ending the call");
      return system_hangup(HangupCause::MEDIA_TIMEOUT);
    case Event::CallerReinvite:
      return relay_caller_offer(*e.sdp);
    case Event::CalleeReinvite:
      if (e.leg != winner_)
        return e.leg->respond_reinvite(491, nullptr);  // a transfer target, not bridged yet
      return relay_callee_offer(*e.sdp);
    case Event::CallerReinviteResponse:
      return relay_caller_answer(e.status, e.sdp);
    case Event::CalleeReinviteResponse:
      return relay_callee_answer(e.status, e.sdp);
    // A blind transfer's routing and dialling (transfer.cpp).
    case Event::RouteAnswer:
    case Event::RouteFailure:
      if (transfer_) transfer_routed(*e.route);
      return;
    case Event::CalleeEarlyWin:
      if (!transfer_) return;
      // The target has early media but is not the call's yet: the
      // transferee is re-connected only when it answers.
      transfer_->phase = Transfer::Phase::EarlyMedia;
      transfer_->target = e.leg;
      e.leg->set_listener(static_cast<LegListener*>(this));
      return;
    case Event::CalleeAnswer:
      if (transfer_ && e.leg != winner_) transfer_connected(*e.leg);
      return;
    case Event::OriginateFailed:
      if (transfer_) {
        transfer_failed(refusal_status(e.failure.cause, dialer_.remote_log().last, false), e.failure.cause);
      }
      return;
    default:
      return;
  }
}

}  // namespace ctib::call
