// Media anchoring (docs/media.md, decision 0012): the call's SDP goes through
// the MediaPort (rtpengine) as offer/answer steps. The sides are tagged "a"
// (the caller) and "b" (the B side: every forked leg gets the same offer,
// only the winner's answer is ever anchored). One step is in flight at a
// time; its result comes back as Event::MediaDone and is handled by the
// current state.
#include "engine/call/call.hpp"
#include "engine/call/final_response.hpp"

#include <variant>

namespace ctib::call {

namespace {
constexpr const char* kCaller = "a";
constexpr const char* kCallee = "b";
}  // namespace

bool Call::wants_anchor() const {
  // No SDP in the INVITE (a late offer) is passed through: the relay needs
  // an offer to start from.
  return deps_.media != nullptr && settings_.media.anchor && invite_.sdp && !caller_vars_.flag("bypass_media");
}

bool Call::wants_anchor(const dialstring::DialPlan& plan) const {
  return wants_anchor() && !every_leg_bypasses_media(plan);
}

// The per-gateway choice (docs/media.md): a gateway whose variables set
// bypass_media, or a leg that sets it in its own `{}`/`[]`, passes media
// through. Forked and failover legs share the one offer made before any of
// them is dialled, so the call is passed through only when every leg it may
// ring says so; one leg that wants anchoring anchors them all.
bool Call::every_leg_bypasses_media(const dialstring::DialPlan& plan) const {
  bool any = false;
  for (const auto& branch : plan.branches) {
    for (const auto& group : branch.groups) {
      for (const auto& leg : group.legs) {
        any = true;
        if (leg.variables.flag("bypass_media")) continue;
        // Only gateways are asked: resolving a user/ leg reads the registrar,
        // and its variables never come from a gateway anyway.
        if (!std::holds_alternative<dialstring::GatewayTarget>(leg.target)) return false;
        auto resolved = deps_.resolver.resolve(leg.target);
        if (!resolved || resolved->empty()) return false;  // the dial reports the failure
        for (const auto& target : *resolved) {
          if (!target.variables.flag("bypass_media")) return false;
        }
      }
    }
  }
  return any;
}

Body Call::anchored_body(const MediaResult& r) const {
  return Body{invite_.sdp ? invite_.sdp->content_type : std::string("application/sdp"), r.value()};
}

void Call::media_step(MediaStep::Kind kind, std::string from, std::string to, const Body& sdp,
                      MediaWait wait) {
  MediaStep step;
  step.kind = kind;
  step.call_id = uuid_;
  step.from_tag = std::move(from);
  step.to_tag = std::move(to);
  step.sdp = sdp.payload;
  if (kind == MediaStep::Kind::offer) step.transcode = settings_.media.transcode;
  anchored_ = true;
  media_wait_ = wait;
  // A step replaced before its result (the winner answered while its early
  // media was being anchored) is cancelled: its callback never runs.
  if (!media_requests_.empty()) media_requests_.back()->cancel();
  timeline_note(TimelineKind::sip_out, [&] {
    return std::string("media ") + (kind == MediaStep::Kind::offer ? "offer" : "answer") + " " +
           step.from_tag + "->" + (step.to_tag.empty() ? std::string("?") : step.to_tag);
  });
  media_requests_.push_back(
      deps_.media->exchange(step, [this](MediaResult r) { on_media_result(std::move(r)); }));
}

void Call::on_media_result(MediaResult result) {
  timeline_note(TimelineKind::sip_in,
                [&] { return result ? "media ok" : "media failed: " + result.error().detail; });
  CallEvent e(Event::MediaDone);
  e.media = &result;
  dispatch(e);
}

void Call::offer_then_originate(dialstring::DialPlan plan) {
  plan_after_offer_ = std::move(plan);
  media_step(MediaStep::Kind::offer, kCaller, "", *invite_.sdp, MediaWait::Offer);
}

// Routing: the relay answered the first offer.
void Call::on_offer_anchored(const CallEvent& e) {
  if (media_wait_ != MediaWait::Offer || !plan_after_offer_) return;
  media_wait_ = MediaWait::None;
  auto plan = std::move(*plan_after_offer_);
  plan_after_offer_.reset();
  if (*e.media) {
    media_offer_ = anchored_body(*e.media);
    return start_originate(std::move(plan));
  }
  const MediaFailure& f = e.media->error();
  log("media relay failed on the offer: " + f.detail);
  if (settings_.media.fallback_bypass) {
    // A late answer may still have made a session: delete it.
    log("media-fallback bypass: dialling without anchoring");
    release_media();
    return start_originate(std::move(plan));
  }
  end_unanswered(settings_.media.failure_cause, HangupBy::System);
}

// The winner has early media (183) or answered: its SDP goes to the relay
// before A hears anything; the call waits in Anchoring.
void Call::anchor_winner(OutboundLeg& winner, bool answered) {
  const auto& sdp = answered ? winner.answer_sdp() : winner.early_sdp();
  state_ = State::Anchoring;
  if (!sdp) {
    // No SDP to anchor (a 200 after a 183 that had it): A hears it as is.
    media_wait_ = MediaWait::None;
    if (answered) {
      state_ = State::Answered;
      return answer_caller(nullptr);
    }
    state_ = State::EarlyMedia;
    return early_media_to_caller(winner, nullptr);
  }
  media_step(MediaStep::Kind::answer, kCaller, kCallee, *sdp,
             answered ? MediaWait::Answer : MediaWait::EarlyAnswer);
}

void Call::on_anchoring(const CallEvent& e) {
  switch (e.kind) {
    case Event::MediaDone: {
      if (!*e.media) return media_failed(e.media->error());
      const Body sdp = anchored_body(*e.media);
      if (media_wait_ == MediaWait::EarlyAnswer) {
        media_wait_ = MediaWait::None;
        state_ = State::EarlyMedia;
        return early_media_to_caller(*winner_, &sdp);
      }
      if (media_wait_ == MediaWait::Answer) {
        media_wait_ = MediaWait::None;
        state_ = State::Answered;
        return answer_caller(&sdp);
      }
      return;
    }
    case Event::CalleeAnswer:
      // Answered while its early media was being anchored: anchor the
      // answer instead; A gets the 200 straight away.
      return anchor_winner(*e.leg, true);
    case Event::CalleeDown:
      return end_unanswered(e.leg->cause(), e.leg->ended_by_remote() ? HangupBy::Callee : HangupBy::System);
    case Event::AnswerTimeout:
      winner_->end(causes::HangupCause::ALLOTTED_TIMEOUT);
      return end_unanswered(causes::HangupCause::ALLOTTED_TIMEOUT, HangupBy::System);
    case Event::CallerCancel:
    case Event::CallerBye:
      winner_->end(causes::HangupCause::ORIGINATOR_CANCEL);
      return end_unanswered(causes::HangupCause::ORIGINATOR_CANCEL, HangupBy::Caller);
    case Event::CallerReinvite:
      caller_side().respond_reinvite(491, nullptr);
      return;
    case Event::CalleeReinvite:
      winner_->respond_reinvite(491, nullptr);
      return;
    default:
      return;
  }
}

// The relay failed on the winner's answer: B is answered (or has early
// media) with the relay's address, so there is no bypass any more.
void Call::media_failed(const MediaFailure& failure) {
  log("media relay failed on the answer: " + failure.detail);
  const auto cause = settings_.media.failure_cause;
  winner_->end(cause);
  end_unanswered(cause, HangupBy::System);
}

// EarlyMedia / Answered: a re-INVITE or UPDATE step came back.
void Call::relay_anchored(const CallEvent& e) {
  const MediaWait wait = media_wait_;
  media_wait_ = MediaWait::None;
  const bool ok = static_cast<bool>(*e.media);
  if (!ok) log("media relay failed on a re-INVITE: " + e.media->error().detail);
  // A relay failure is answered 488 (Not Acceptable Here), as FreeSWITCH
  // answers an offer it cannot take; the call goes on with the media it had.
  switch (wait) {
    case MediaWait::CallerOffer:
      if (!ok) {
        offer_from_ = Side::None;
        caller_side().respond_reinvite(488, nullptr);
        return;
      }
      winner_->send_reinvite(anchored_body(*e.media));
      return;
    case MediaWait::CalleeOffer:
      if (!ok) {
        offer_from_ = Side::None;
        winner_->respond_reinvite(488, nullptr);
        return;
      }
      caller_side().send_reinvite(anchored_body(*e.media));
      return;
    case MediaWait::CalleeAnswer: {  // B answered A's offer
      offer_from_ = Side::None;
      if (!ok) return caller_side().respond_reinvite(488, nullptr);
      const Body sdp = anchored_body(*e.media);
      caller_side().respond_reinvite(media_status_, &sdp);
      return;
    }
    case MediaWait::CallerAnswer: {  // A answered B's offer
      offer_from_ = Side::None;
      if (!ok) return winner_->respond_reinvite(488, nullptr);
      const Body sdp = anchored_body(*e.media);
      winner_->respond_reinvite(media_status_, &sdp);
      return;
    }
    default:
      return;
  }
}

void Call::release_media() {
  if (!anchored_) return;
  anchored_ = false;
  for (auto& r : media_requests_) r->cancel();
  media_wait_ = MediaWait::None;
  timeline_note(TimelineKind::sip_out, [&] { return "media delete"; });
  deps_.media->release(uuid_);
}

// Media timeout (FreeSWITCH's rtp-timeout-sec / rtp_timeout_sec): every
// period the relay is asked how many RTP packets each side sent; a side
// whose count did not grow since the last answer ends the call with
// MEDIA_TIMEOUT. RTP that stops is therefore noticed between one and two
// periods later. A query that fails is only logged: the next one decides.
void Call::start_media_timer() {
  if (!anchored_) return;
  long long seconds = settings_.media.rtp_timeout_sec;
  if (auto v = caller_vars_.integer("rtp_timeout_sec")) seconds = *v;
  if (seconds <= 0) return;
  media_timer_ = deps_.timers.start(std::chrono::seconds(seconds), [this] { poll_media_activity(); });
}

void Call::poll_media_activity() {
  if (state_ != State::Answered || !anchored_) return;
  activity_request_ = deps_.media->activity(uuid_, [this](ActivityResult r) {
    if (state_ != State::Answered) return;
    if (!r) {
      log("media query failed: " + r.error().detail);
    } else {
      const MediaActivity now = *r;
      const bool caller_silent = now.caller_packets <= last_activity_.caller_packets;
      const bool callee_silent = now.callee_packets <= last_activity_.callee_packets;
      last_activity_ = now;
      if (caller_silent || callee_silent) {
        timeline_note(TimelineKind::sip_in, [&] {
          return std::string("no RTP from ") + (caller_silent ? "caller" : "callee") + " for rtp_timeout_sec";
        });
        return dispatch(CallEvent(Event::MediaTimeout));
      }
    }
    start_media_timer();
  });
}

}  // namespace ctib::call
