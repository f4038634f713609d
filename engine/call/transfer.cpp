// Blind transfer (REFER, RFC 3515; decision 0015). One side of an answered
// call (the referrer) asks that the other side (the transferee) be connected
// to the Refer-To target:
//
//   REFER ─▶ 202 (the SIP adapter's stack sends NOTIFY "100 Trying")
//         ─▶ a second routing request for the same call (uuid unchanged),
//            destination_number = the Refer-To user, plus sip_refer_to,
//            sip_referred_by, transfer_source, transferor
//         ─▶ the answer is dialled like a first one, offering the
//            transferee's session
//         ─▶ target answers: NOTIFY "200 OK" and BYE to the referrer, the
//            transferee gets a re-INVITE with the target's session, and the
//            target takes the referrer's part in the call
//         ─▶ refused / failed: NOTIFY with the failure; the call goes on
//            as it was (or ends, if the referrer has hung up meanwhile).
//
// Attended transfer (Refer-To with Replaces) is refused 501: replacing a
// dialog of another call needs a dialog index the engine does not keep.
//
// The call stays in state Answered throughout: the referrer and the
// transferee are still bridged (offers and INFO relayed) until the target
// answers. The Transfer sub-machine is drawn in docs/state-machines/call.md.
#include <chrono>
#include <variant>

#include "engine/call/call.hpp"
#include "engine/call/final_response.hpp"

namespace ctib::call {

using causes::HangupCause;

namespace {

// The commands of A's part, sent to the outbound leg that plays it after A
// transferred B. Only what an answered call uses reaches it.
class StandInCaller final : public CallerLeg {
 public:
  explicit StandInCaller(OutboundLeg& leg) : leg_(leg) {}
  void send_provisional(int /*status*/, const Body* /*sdp*/) override {}
  void answer(const Body* /*sdp*/) override {}
  void refuse(int /*status*/, std::string_view /*reason*/) override {}
  void hangup(std::string_view /*reason*/) override { leg_.end(HangupCause::NORMAL_CLEARING); }
  void send_reinvite(const Body& sdp) override { leg_.send_reinvite(sdp); }
  void respond_reinvite(int status, const Body* sdp) override { leg_.respond_reinvite(status, sdp); }
  void send_info(const Info& info) override { leg_.send_info(info); }
  void respond_info(int status, std::string_view phrase) override { leg_.respond_info(status, phrase); }
  void respond_transfer(int status) override { leg_.respond_transfer(status); }
  void notify_transfer(int status) override { leg_.notify_transfer(status); }

 private:
  OutboundLeg& leg_;
};

bool has_legs(const dialstring::DialPlan& plan) {
  for (const auto& b : plan.branches) {
    for (const auto& g : b.groups) {
      if (!g.legs.empty()) return true;
    }
  }
  return false;
}

}  // namespace

void LegListener::on_leg_refer(OutboundLeg& leg, const TransferRequest& /*request*/) {
  leg.respond_transfer(403);
}

CallerLeg& Call::caller_side() noexcept {
  return stand_in_commands_ ? *stand_in_commands_ : *caller_;
}

void Call::hangup_caller_side(HangupCause cause) {
  if (stand_in_ != nullptr) return stand_in_->end(cause);
  if (caller_released_) return;  // A left after transferring B
  caller_->hangup(reason_header(cause, caller_vars_.flag("disable_q850_reason")));
}

void Call::on_caller_refer(const TransferRequest& request) {
  if (caller_released_) return caller_->respond_transfer(481);
  on_transfer_request(Side::Caller, request);
}

void Call::on_leg_refer(OutboundLeg& leg, const TransferRequest& request) {
  if (&leg == stand_in_) {
    // A transfer by the leg that itself replaced A would need a third
    // caller role; refused rather than half done (decision 0015).
    timeline_note(TimelineKind::sip_in, [&] { return "REFER from the transferred caller's side: 403"; });
    return leg.respond_transfer(403);
  }
  if (&leg != winner_) return leg.respond_transfer(403);
  on_transfer_request(Side::Callee, request);
}

void Call::on_transfer_request(Side referrer, const TransferRequest& request) {
  auto respond = [&](int status) {
    timeline_note(TimelineKind::sip_out, [&] { return "REFER answered " + std::to_string(status); });
    if (referrer == Side::Caller) {
      caller_->respond_transfer(status);
    } else {
      winner_->respond_transfer(status);
    }
  };
  timeline_note(TimelineKind::sip_in, [&] {
    return std::string("REFER from ") + (referrer == Side::Caller ? "caller" : "callee") + " to " +
           request.refer_to;
  });
  if (state_ != State::Answered) return respond(403);
  if (transfer_) return respond(491);  // one transfer at a time
  if (request.replaces) {
    log("REFER with Replaces (attended transfer) refused 501: not supported");
    return respond(501);
  }
  respond(202);
  Transfer t;
  t.referrer = referrer;
  t.info.destination_number = request.user;
  t.info.refer_to = request.refer_to;
  t.info.referred_by = request.referred_by;
  t.info.transferor = referrer == Side::Caller ? "caller" : "callee";
  const auto epoch =
      std::chrono::duration_cast<std::chrono::seconds>(deps_.timers.wall_now().time_since_epoch()).count();
  // FreeSWITCH's transfer_source: "<epoch>:<uuid>:bl_xfer:<dest>/<dialplan>/<context>".
  t.info.source =
      std::to_string(epoch) + ":" + uuid_ + ":bl_xfer:" + request.user + "/cti_bridge/" + invite_.profile;
  transfer_ = std::move(t);
  log("blind transfer by the " + transfer_->info.transferor + " to " + request.refer_to);
  send_transfer_query();
}

// The transfer's routing request: the same call (uuid, numbers, profile),
// asked again with the target; not a new call for the journal.
void Call::send_transfer_query() {
  RouteQuery query{active_route_, uuid_, &invite_, &settings_.route_headers, &transfer_->info};
  route_sent_at_ = deps_.timers.wall_now();
  timeline_note(TimelineKind::route_request, [&] {
    return "transfer to " + transfer_->info.destination_number + " via " +
           active_route_.url.substr(0, active_route_.url.find('?'));
  });
  route_pending_ = true;
  route_requests_.push_back(
      deps_.router.route(query, [this](RouteResult r) { on_route_result(std::move(r)); }));
}

void Call::transfer_routed(RouteResult& result) {
  if (!result) {
    log("transfer routing via " + active_route_.url + " failed: " + result.error().detail);
    return transfer_failed(503, HangupCause::NORMAL_TEMPORARY_FAILURE);
  }
  routing::RouteDecision decision = std::move(result.value());
  if (const auto* hangup = std::get_if<routing::HangupDial>(&decision.dial)) {
    // The interface refuses the target: the referrer hears why, the call goes on.
    return transfer_failed(hangup->sip_status(), hangup->recorded_cause());
  }
  // The transferred call keeps its variables; the answer's are set over them.
  variables::Variables vars = settings_.answer_defaults;
  vars.merge_from(decision.variables);
  decision.variables = std::move(vars);
  caller_vars_.merge_from(decision.variables);
  auto plan = routing::to_plan(decision);
  if (!has_legs(plan)) {
    log("transfer: the answer's dial has no leg to call");
    return transfer_failed(503, HangupCause::NORMAL_TEMPORARY_FAILURE);
  }
  dialer_.set_offer(transfer_->referrer == Side::Caller ? callee_sdp_ : caller_sdp_);
  transfer_->phase = Transfer::Phase::Originating;
  if (originate_) past_originates_.push_back(std::move(originate_));
  originate_ = std::make_unique<Originate>(dialer_, deps_.timers, static_cast<OriginateListener&>(*this),
                                           std::move(plan), caller_vars_);
  originate_->start();  // may report a failure before it returns
}

void Call::transfer_connected(OutboundLeg& target) {
  const Transfer t = std::move(*transfer_);
  transfer_.reset();
  target.stop_timers();
  // An offer relayed between the referrer and the transferee is abandoned
  // with the referrer: the transferee hears 491 for its own (it may retry).
  if (offer_from_ == Side::Caller && t.referrer == Side::Callee) caller_side().respond_reinvite(491, nullptr);
  if (offer_from_ == Side::Callee && t.referrer == Side::Caller) winner_->respond_reinvite(491, nullptr);
  offer_from_ = Side::None;
  const std::optional<Body> target_sdp = target.answer_sdp();
  timeline_note(TimelineKind::leg, [&] { return "transfer target answered: " + target.text(); });
  if (t.referrer == Side::Callee) {
    OutboundLeg* referrer = winner_;
    if (!t.referrer_gone) {
      referrer->notify_transfer(200);
      referrer->end(HangupCause::NORMAL_CLEARING);
    }
    take_winner(target);
    if (target_sdp) {
      offer_from_ = Side::Switch;
      caller_side().send_reinvite(*target_sdp);
    }
  } else {
    if (!t.referrer_gone) {
      caller_->notify_transfer(200);
      caller_->hangup(reason_header(HangupCause::NORMAL_CLEARING, caller_vars_.flag("disable_q850_reason")));
    }
    caller_released_ = true;
    stand_in_ = &target;
    stand_in_commands_ = std::make_unique<StandInCaller>(target);
    target.set_listener(static_cast<LegListener*>(this));
    caller_sdp_ = target_sdp;
    record_.dialed = target.text();
    if (target_sdp) {
      offer_from_ = Side::Switch;
      winner_->send_reinvite(*target_sdp);
    }
  }
}

void Call::transfer_failed(int sip_status, HangupCause cause) {
  const Transfer t = std::move(*transfer_);
  transfer_.reset();
  if (t.target != nullptr) t.target->end(cause);
  log("blind transfer to " + t.info.refer_to + " failed: " + std::to_string(sip_status) + " " +
      std::string(causes::name(cause)));
  timeline_note(TimelineKind::leg, [&] { return "transfer failed " + std::to_string(sip_status); });
  const int frag = sip_status >= 300 && sip_status <= 699 ? sip_status : 503;
  if (t.referrer == Side::Callee) {
    if (!t.referrer_gone) return winner_->notify_transfer(frag);
    // The referrer hung up trusting the transfer: the transferee is alone.
    hangup_caller_side(cause);
    return end_answered(cause, HangupBy::Callee);
  }
  if (!t.referrer_gone) return caller_->notify_transfer(frag);
  winner_->end(cause);
  end_answered(cause, HangupBy::Caller);
}

}  // namespace ctib::call
