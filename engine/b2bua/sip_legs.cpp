#include "engine/b2bua/sip_legs.hpp"

#include "libs/base/text.hpp"

namespace ctib::b2bua {

std::optional<call::Body> to_call(const std::optional<sip::Body>& body) {
  if (!body) return std::nullopt;
  return call::Body{body->content_type, body->data};
}

std::optional<sip::Body> to_sip(const call::Body* body) {
  if (!body) return std::nullopt;
  return sip::Body{body->content_type, body->payload};
}

call::Info to_call(const sip::Info& info) {
  call::Info out{to_call(info.body), {}};
  for (const auto& h : info.headers) out.headers.push_back({h.name, h.value});
  return out;
}

sip::Info to_sip(const call::Info& info) {
  sip::Info out{info.body ? std::optional<sip::Body>(sip::Body{info.body->content_type, info.body->payload})
                          : std::nullopt,
                {}};
  for (const auto& h : info.headers) out.headers.push_back({h.name, h.value});
  return out;
}

std::optional<call::TransferRequest> to_call(const sip::Refer& refer) {
  if (!refer.target) return std::nullopt;
  const sip::ReferTo& t = *refer.target;
  return call::TransferRequest{t.uri, t.user, t.host, t.replaces, refer.referred_by.value_or("")};
}

namespace {
sip::Reply info_reply(int status, std::string_view phrase) {
  return sip::Reply{status, std::string(phrase), std::nullopt, {}, std::nullopt};
}
}  // namespace

std::optional<int> q850_of(const std::optional<sip::Reason>& reason) {
  if (!reason || !base::iequals(reason->protocol, "Q.850")) return std::nullopt;
  return reason->cause;
}

namespace {
std::optional<std::string> reason_header(std::string_view reason) {
  if (reason.empty()) return std::nullopt;
  return std::string(reason);
}
}  // namespace

// ---------------------------------------------------------------- A leg ----

SipCallerLeg::SipCallerLeg(std::unique_ptr<sip::InboundLeg> leg) : leg_(std::move(leg)) {
  leg_->set_handler(*this);
}

SipCallerLeg::~SipCallerLeg() = default;

void SipCallerLeg::respond(sip::Reply reply) {
  if (leg_) (void)leg_->respond(reply);
}

void SipCallerLeg::send_provisional(int status, const call::Body* sdp) {
  respond(sip::Reply{status, "", to_sip(sdp), {}, std::nullopt});
}

void SipCallerLeg::answer(const call::Body* sdp) { respond(sip::Reply{200, "", to_sip(sdp), {}, std::nullopt}); }

void SipCallerLeg::refuse(int status, std::string_view reason) {
  ended_ = true;
  respond(sip::Reply{status, "", std::nullopt, {}, reason_header(reason)});
}

void SipCallerLeg::hangup(std::string_view reason) {
  ended_ = true;
  if (leg_) (void)leg_->bye(reason_header(reason));
}

namespace {
// A re-INVITE needs a confirmed dialog; in an early one an offer can only go
// in an UPDATE (RFC 3311).
sip::ModifyKind kind_for(const sip::Leg& leg) {
  return leg.state() == sip::LegState::confirmed ? sip::ModifyKind::reinvite : sip::ModifyKind::update;
}
}  // namespace

void SipCallerLeg::send_reinvite(const call::Body& sdp) {
  const bool sent = leg_ && leg_->modify(sip::Modify{kind_for(*leg_), to_sip(&sdp), {}});
  // The offerer must hear back even when the offer cannot go out (leg
  // ending, one of ours pending): silence would leave it retransmitting.
  if (!sent && call_) call_->on_caller_reinvite_response(500, nullptr);
}

void SipCallerLeg::respond_reinvite(int status, const call::Body* sdp) {
  if (leg_) (void)leg_->respond_modify(sip::Reply{status, "", to_sip(sdp), {}, std::nullopt});
}

void SipCallerLeg::send_info(const call::Info& info) {
  if (leg_) (void)leg_->info(to_sip(info));
}

void SipCallerLeg::respond_info(int status, std::string_view phrase) {
  if (leg_) (void)leg_->respond_info(info_reply(status, phrase));
}

void SipCallerLeg::on_info(sip::Leg& leg, const sip::Info& info) {
  if (!call_) {
    (void)leg.respond_info(info_reply(480, {}));
    return;
  }
  call_->on_caller_info(to_call(info));
}

void SipCallerLeg::on_info_response(sip::Leg&, const sip::Response& response) {
  if (call_) call_->on_caller_info_response(response.status, response.phrase);
}

void SipCallerLeg::respond_transfer(int status) {
  if (leg_) (void)leg_->respond_refer(info_reply(status, {}));
}

void SipCallerLeg::notify_transfer(int status) {
  if (leg_) (void)leg_->notify_refer(status);
}

void SipCallerLeg::on_refer(sip::Leg& leg, const sip::Refer& refer) {
  auto request = to_call(refer);
  if (!request || !call_) {
    (void)leg.respond_refer(info_reply(request ? 403 : 400, request ? "" : "Bad Refer-To"));
    return;
  }
  call_->on_caller_refer(*request);
}

void SipCallerLeg::on_cancel(sip::InboundLeg&, const std::optional<sip::Reason>&) {
  ended_ = true;
  if (call_) call_->on_caller_cancel();
}

void SipCallerLeg::on_bye(sip::Leg&, const sip::Hangup& hangup) {
  ended_ = true;
  if (call_) call_->on_caller_bye(q850_of(hangup.reason));
}

void SipCallerLeg::on_modify(sip::Leg& leg, const sip::ModifyRequest& request) {
  auto body = to_call(request.body);
  if (!body || !call_) {
    // A re-INVITE without SDP asks us for an offer, and a signalling-only
    // B2BUA has none of its own to give.
    (void)leg.respond_modify(sip::Reply{488, "", std::nullopt, {}, std::nullopt});
    return;
  }
  call_->on_caller_reinvite(*body);
}

void SipCallerLeg::on_modify_response(sip::Leg&, const sip::Response& response) {
  if (!call_) return;
  auto body = to_call(response.body);
  call_->on_caller_reinvite_response(response.status, body ? &*body : nullptr);
}

void SipCallerLeg::on_terminated(sip::Leg&, const sip::Termination& termination) {
  // The dialog ended without a BYE or CANCEL we were told of (no ACK for our
  // 200, the profile stopping): for the call that is the caller going away.
  if (!ended_ && call_) {
    ended_ = true;
    if (termination.timer_expired) {
      call_->on_caller_session_expired();
    } else {
      call_->on_caller_bye(std::nullopt);
    }
  }
}

// ---------------------------------------------------------------- B legs ---

SipCalleeLeg::~SipCalleeLeg() = default;

void SipCalleeLeg::cancel(std::string_view reason) {
  reported_end_ = true;
  if (leg_) (void)leg_->cancel(reason_header(reason));
}

void SipCalleeLeg::hangup(std::string_view reason) {
  reported_end_ = true;
  if (leg_) (void)leg_->bye(reason_header(reason));
}

void SipCalleeLeg::send_reinvite(const call::Body& sdp) {
  const bool sent = leg_ && leg_->modify(sip::Modify{kind_for(*leg_), to_sip(&sdp), {}});
  if (!sent) events_.on_reinvite_response(500, nullptr);  // see SipCallerLeg::send_reinvite
}

void SipCalleeLeg::respond_reinvite(int status, const call::Body* sdp) {
  if (leg_) (void)leg_->respond_modify(sip::Reply{status, "", to_sip(sdp), {}, std::nullopt});
}

void SipCalleeLeg::send_info(const call::Info& info) {
  if (leg_) (void)leg_->info(to_sip(info));
}

void SipCalleeLeg::respond_info(int status, std::string_view phrase) {
  if (leg_) (void)leg_->respond_info(info_reply(status, phrase));
}

void SipCalleeLeg::on_info(sip::Leg&, const sip::Info& info) {
  events_.on_info(to_call(info));
}

void SipCalleeLeg::on_info_response(sip::Leg&, const sip::Response& response) {
  events_.on_info_response(response.status, response.phrase);
}

void SipCalleeLeg::respond_transfer(int status) {
  if (leg_) (void)leg_->respond_refer(info_reply(status, {}));
}

void SipCalleeLeg::notify_transfer(int status) {
  if (leg_) (void)leg_->notify_refer(status);
}

void SipCalleeLeg::on_refer(sip::Leg& leg, const sip::Refer& refer) {
  auto request = to_call(refer);
  if (!request) {
    (void)leg.respond_refer(info_reply(400, "Bad Refer-To"));
    return;
  }
  events_.on_refer(*request);
}

void SipCalleeLeg::on_provisional(sip::OutboundLeg&, const sip::Response& response) {
  auto body = to_call(response.body);
  events_.on_provisional(response.status, body ? &*body : nullptr);
}

void SipCalleeLeg::on_answer(sip::OutboundLeg&, const sip::Response& response) {
  answered_ = true;
  auto body = to_call(response.body);
  events_.on_answer(body ? &*body : nullptr);
}

void SipCalleeLeg::on_failure(sip::OutboundLeg&, const sip::Response& response) {
  // Reported even when it answers our own CANCEL (487): the call core counts
  // its legs down by these.
  reported_end_ = true;
  events_.on_failure(response.status, q850_of(response.reason));
}

void SipCalleeLeg::on_bye(sip::Leg&, const sip::Hangup& hangup) {
  reported_end_ = true;
  events_.on_bye(q850_of(hangup.reason));
}

void SipCalleeLeg::on_modify(sip::Leg& leg, const sip::ModifyRequest& request) {
  auto body = to_call(request.body);
  if (!body) {
    (void)leg.respond_modify(sip::Reply{488, "", std::nullopt, {}, std::nullopt});
    return;
  }
  events_.on_reinvite(*body);
}

void SipCalleeLeg::on_modify_response(sip::Leg&, const sip::Response& response) {
  auto body = to_call(response.body);
  events_.on_reinvite_response(response.status, body ? &*body : nullptr);
}

void SipCalleeLeg::on_terminated(sip::Leg&, const sip::Termination& termination) {
  if (reported_end_) return;
  reported_end_ = true;
  // Ended without a response or BYE we saw (the profile stopping, the
  // session timer): tell the call in the terms it knows.
  if (answered_ && termination.timer_expired) {
    events_.on_session_expired();
  } else if (answered_) {
    events_.on_bye(std::nullopt);
  } else {
    events_.on_failure(termination.status >= 300 ? termination.status : 503, std::nullopt);
  }
}

}  // namespace ctib::b2bua
