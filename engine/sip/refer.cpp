// REFER in a dialog (RFC 3515, decision 0015): typed and handed to the
// call core, answered by it (respond_refer), and its outcome reported to the
// referrer in a final NOTIFY with a message/sipfrag body (notify_refer).
//
// REFER is an application method (profile.cpp): the stack would accept any
// REFER 202 on its own. After our 202 we send the first NOTIFY
// (`SIP/2.0 100 Trying`, Subscription-State active) and, with the outcome,
// the final one, as FreeSWITCH sends them (Event `refer;id=<the REFER's
// CSeq>`, Subscription-State terminated;reason=noresource).

#include <sofia-sip/msg.h>

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/leg.hpp"

namespace ctib::sip {

namespace {

std::string header_text(nua_handle_t* nh, const sip_header_t* header) {
  if (header == nullptr) return {};
  su_home_t* home = nua_handle_home(nh);
  char* s = sip_header_as_string(home, header);
  std::string out = detail::text(s);
  su_free(home, s);
  return out;
}

}  // namespace

void LegHandler::on_refer(Leg& leg, const Refer& /*refer*/) {
  leg.respond_refer(Reply{.status = 501, .phrase = {}, .body = {}, .headers = {}, .reason = {}});
}

void Leg::receive_refer(const detail::NuaEvent& event) {
  msg_t* request = nua_current_request(event.nua);
  LegHandler* h = handler();
  if (request == nullptr || h == nullptr || event.sip == nullptr) {
    nua_respond(event.nh, 501, sip_501_Not_implemented, NUTAG_WITH_THIS(event.nua), TAG_END());
    return;
  }
  if (pending_refer_ != nullptr || !refer_event_.empty()) {
    // One transfer at a time (RFC 3515 §2.4.4 lets us refuse a second).
    nua_respond(event.nh, 491, sip_491_Request_pending, NUTAG_WITH_THIS(event.nua), TAG_END());
    return;
  }
  if (event.sip->sip_refer_to == nullptr) {
    nua_respond(event.nh, 400, "Missing Refer-To", NUTAG_WITH_THIS(event.nua), TAG_END());
    return;
  }
  const std::string refer_to =
      header_text(event.nh, reinterpret_cast<const sip_header_t*>(event.sip->sip_refer_to));
  const std::string referred_by =
      header_text(event.nh, reinterpret_cast<const sip_header_t*>(event.sip->sip_referred_by));
  pending_refer_ = msg_ref_create(request);
  if (event.sip->sip_cseq != nullptr) {
    refer_event_ = "refer;id=" + std::to_string(event.sip->sip_cseq->cs_seq);
  }
  h->on_refer(*this, Refer{parse_refer_to(refer_to), parse_referred_by(referred_by)});
}

CommandResult Leg::respond_refer(const Reply& reply) {
  if (handle_ == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  if (pending_refer_ == nullptr) {
    return base::unexpected(Error{ErrorCode::wrong_state, "no REFER to answer"});
  }
  if (auto e = detail::check_status(reply.status, 200, 699)) {
    return base::unexpected(*e);
  }
  msg_t* request = pending_refer_;
  pending_refer_ = nullptr;
  nua_respond(handle_, reply.status, detail::lasting_phrase(handle_, reply.status, reply.phrase),
              NUTAG_WITH(request), TAG_END());
  msg_destroy(request);
  if (reply.status >= 300) {
    refer_event_.clear();
    return Sent{};
  }
  // RFC 3515 §2.4.5: the first NOTIFY follows the 202 at once. sofia-sip
  // 1.12.11 does not send it for an application-answered REFER (seen), so
  // we do: the referrer knows the transfer is under way.
  nua_notify(handle_, SIPTAG_EVENT_STR(refer_event_.c_str()),
             SIPTAG_CONTENT_TYPE_STR("message/sipfrag;version=2.0"),
             SIPTAG_PAYLOAD_STR("SIP/2.0 100 Trying\r\n"), NUTAG_SUBSTATE(nua_substate_active),
             SIPTAG_SUBSCRIPTION_STATE_STR("active;expires=60"), TAG_END());
  return Sent{};
}

CommandResult Leg::notify_refer(int status) {
  if (handle_ == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  if (refer_event_.empty()) {
    return base::unexpected(Error{ErrorCode::wrong_state, "no accepted REFER"});
  }
  if (auto e = detail::check_status(status, 100, 699)) {
    return base::unexpected(*e);
  }
  const std::string frag =
      "SIP/2.0 " + std::to_string(status) + " " + detail::text(sip_status_phrase(status)) + "\r\n";
  nua_notify(handle_, SIPTAG_EVENT_STR(refer_event_.c_str()),
             SIPTAG_CONTENT_TYPE_STR("message/sipfrag;version=2.0"), SIPTAG_PAYLOAD_STR(frag.c_str()),
             NUTAG_SUBSTATE(nua_substate_terminated),
             SIPTAG_SUBSCRIPTION_STATE_STR("terminated;reason=noresource"), TAG_END());
  refer_event_.clear();
  return Sent{};
}

void Leg::forget_pending_refer() noexcept {
  if (pending_refer_ != nullptr) {
    msg_destroy(pending_refer_);
    pending_refer_ = nullptr;
  }
}

}  // namespace ctib::sip
