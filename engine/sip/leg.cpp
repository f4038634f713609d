// Leg: handle ownership and the events both directions share.

#include "engine/sip/leg.hpp"

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip {

void LegHandler::on_modify(Leg& leg, const ModifyRequest& /*request*/) {
  leg.respond_modify(Reply{.status = 488, .phrase = {}, .body = {}, .headers = {}, .reason = {}});
}

Leg::Leg(Profile& profile, nua_handle_s* handle, std::string call_id)
    : profile_(&profile), handle_(handle), call_id_(std::move(call_id)) {
  profile_->legs_.insert(this);
}

Leg::~Leg() {
  release_pending_modify();
  release_handle();
  if (profile_ != nullptr) {
    profile_->legs_.erase(this);
  }
}

void Leg::release_pending_modify() noexcept {
  if (pending_modify_ != nullptr) {
    msg_destroy(pending_modify_);
    pending_modify_ = nullptr;
  }
}

void LegHandler::on_info(Leg& leg, const Info& /*info*/) {
  leg.respond_info(Reply{.status = 501, .phrase = {}, .body = {}, .headers = {}, .reason = {}});
}

void Leg::release_handle() noexcept {
  forget_pending_info();
  forget_pending_refer();
  if (handle_ != nullptr) {
    // After this the stack delivers no more events for the handle, so the
    // dangling magic pointer is never read.
    nua_handle_destroy(handle_);
    handle_ = nullptr;
  }
}

void Leg::end_dialog_for_destruction() {
  if (handle_ != nullptr && state_ == LegState::confirmed) {
    nua_bye(handle_, TAG_END());
  }
}

void Leg::terminate(int status, const std::string& phrase) {
  if (state_ == LegState::terminated) {
    return;
  }
  release_pending_modify();
  release_handle();
  state_ = LegState::terminated;
  if (LegHandler* h = handler(); h != nullptr) {
    h->on_terminated(*this, Termination{status, phrase, timer_expired_});
  }
}

bool Leg::handle_common_event(const detail::NuaEvent& event) {
  LegHandler* h = handler();
  switch (event.event) {
    case nua_i_bye:
      state_ = LegState::terminating;
      if (h != nullptr) {
        h->on_bye(*this, Hangup{detail::reason_of(event.sip), detail::custom_headers_of(event.sip)});
      }
      return true;
    case nua_i_invite:  // an INVITE on a bound handle is a re-INVITE
    case nua_i_update: {
      if (event.status >= 200) {
        // The stack has answered it already (RFC 3311 §5.2 / RFC 3261 §14.2:
        // 491 on glare, 500 with Retry-After on an overlap; 422 for a
        // Session-Expires below our Min-SE): nothing to relay.
        return true;
      }
      auto body = detail::body_of(event.sip);
      if (event.event == nua_i_update && !body) {
        // An UPDATE without an offer only refreshes the session (RFC 4028):
        // this leg's own business, answered here and not relayed. The stack
        // adds Session-Expires/Require and restarts the leg's session timer.
        nua_respond(event.nh, SIP_200_OK, NUTAG_WITH_THIS(event.nua), TAG_END());
        return true;
      }
      if (modify_received_) {
        // One relayed offer at a time; the stack lets a request without an
        // offer (a re-INVITE asking for one) through beside a pending one.
        nua_respond(event.nh, 500, "Overlapping Requests", NUTAG_WITH_THIS(event.nua),
                    SIPTAG_RETRY_AFTER_STR("5"), TAG_END());
        return true;
      }
      modify_received_ = true;
      pending_modify_ = msg_ref_create(nua_current_request(event.nua));
      ModifyRequest request{event.event == nua_i_invite ? ModifyKind::reinvite : ModifyKind::update,
                            std::move(body), detail::custom_headers_of(event.sip)};
      if (h != nullptr) {
        h->on_modify(*this, request);
      } else {
        respond_modify(Reply{.status = 488, .phrase = {}, .body = {}, .headers = {}, .reason = {}});
      }
      return true;
    }
    case nua_i_options:
      // In a dialog: acknowledged, as the stack did before we took this
      // method over (out_of_dialog.cpp).
      nua_respond(event.nh, 200, sip_200_OK, NUTAG_WITH_THIS(event.nua), TAG_END());
      return true;
    case nua_i_info:
      receive_info(event);  // may destroy *this
      return true;
    case nua_r_info:
      receive_info_response(event);  // may destroy *this
      return true;
    case nua_i_refer:
      receive_refer(event);  // may destroy *this
      return true;
    case nua_r_invite:
    case nua_r_update:
      if (event.status < 200) {
        return true;  // provisional to a re-INVITE
      }
      if (!modify_sent_) {
        // A session refresh the stack sent on its own. A timeout (408, or
        // the stack's own 9xx) or 481 ends the dialog (RFC 5057): the leg
        // ends on its timer. Other refusals (405, 501, ...) leave it up.
        if (event.status == 408 || event.status == 481 || event.status >= 700) {
          timer_expired_ = true;
        }
        return true;
      }
      modify_sent_ = false;
      if (h != nullptr) {
        h->on_modify_response(*this, detail::response_of(event));
      }
      return true;
    case nua_r_bye:
      if (!bye_sent_) {
        // The stack sent this BYE itself: the session expired without a
        // refresh from the peer (RFC 4028 §10), or our 2xx was never ACKed.
        timer_expired_ = true;
      }
      return true;
    case nua_i_state: {
      int callstate = nua_callstate_init;
      tl_gets(event.tags, NUTAG_CALLSTATE_REF(callstate), TAG_END());
      if (callstate == nua_callstate_terminated) {
        terminate(event.status, detail::text(event.phrase));
      }
      return true;
    }
    default:
      return false;  // nua_r_bye, nua_r_cancel, nua_i_active, ...: nothing to report
  }
}

}  // namespace ctib::sip
