#pragma once
// Interfaces the call core implements to receive SIP events. Every callback
// runs on the su_root thread that owns the Profile, from inside the stack's
// event callback: it may issue commands on any leg and may destroy the leg it
// is told about (the adapter touches nothing after the callback returns). It
// must not destroy the Profile (use Profile::shutdown) and must not block.

#include <memory>
#include <optional>

#include "engine/sip/refer_to.hpp"
#include "engine/sip/types.hpp"

namespace ctib::sip {

class Leg;
class InboundLeg;
class OutboundLeg;

// Events common to both directions of a dialog.
class LegHandler {
 public:
  virtual ~LegHandler() = default;

  // The remote side sent BYE. The stack has already answered 200; on_terminated follows.
  virtual void on_bye(Leg& leg, const Hangup& hangup) = 0;

  // A re-INVITE or UPDATE arrived in the established dialog. Answer it with
  // Leg::respond_modify (for a B2BUA: relay it with Leg::modify on the other
  // leg and answer with what comes back). The default refuses it with 488.
  virtual void on_modify(Leg& leg, const ModifyRequest& request);

  // The response to a re-INVITE/UPDATE this leg sent with Leg::modify.
  virtual void on_modify_response(Leg& /*leg*/, const Response& /*response*/) {}

  // An INFO arrived in the dialog (early or confirmed). Answer it with
  // Leg::respond_info (for a B2BUA: relay it with Leg::info on the other leg
  // and answer with the status that comes back). Several may wait: each
  // respond_info answers the oldest. The default refuses it with 501.
  virtual void on_info(Leg& leg, const Info& info);

  // The final response to an INFO this leg sent with Leg::info, in the order
  // they were sent (a made-up 408 when the far end never answered).
  virtual void on_info_response(Leg& /*leg*/, const Response& /*response*/) {}

  // A REFER arrived in the dialog (RFC 3515). Answer it at once with
  // Leg::respond_refer (202 accepts it and sends the referrer a `NOTIFY`
  // with `SIP/2.0 100 Trying`), and report the outcome later with
  // Leg::notify_refer. The default refuses it with 501.
  virtual void on_refer(Leg& leg, const Refer& refer);

  // The dialog is over (after a final failure, CANCEL, BYE either way, or the
  // profile shutting down) and its nua handle has been released. Last event
  // of a leg; the object stays valid until its owner drops it.
  virtual void on_terminated(Leg& leg, const Termination& termination) = 0;
};

class InboundLegHandler : public LegHandler {
 public:
  // The caller cancelled before a final response. The stack has answered the
  // CANCEL with 200 and the INVITE with 487; on_terminated follows.
  virtual void on_cancel(InboundLeg& leg, const std::optional<Reason>& reason) = 0;

  // The ACK for our 2xx arrived (with the SDP answer if our 2xx carried the offer).
  virtual void on_ack(InboundLeg& /*leg*/, const std::optional<Body>& /*body*/) {}
};

class OutboundLegHandler : public LegHandler {
 public:
  // 101-199 from the callee (100 Trying is not reported).
  virtual void on_provisional(OutboundLeg& leg, const Response& response) = 0;
  // A 2xx: the stack has ACKed it; the leg is answered.
  virtual void on_answer(OutboundLeg& leg, const Response& response) = 0;
  // A final status >= 300, received or made up by the stack (Response::local;
  // 408 timeout, 503 transport/DNS failure, 900+ internal). on_terminated follows.
  virtual void on_failure(OutboundLeg& leg, const Response& response) = 0;
};

// Profile-level events.
class ProfileHandler {
 public:
  virtual ~ProfileHandler() = default;

  // A new INVITE (never a retransmission: the transaction layer absorbs those).
  // The receiver owns `leg`; it must call leg->set_handler() before returning
  // to see the leg's later events, and answer it with leg->respond(). A leg
  // dropped without a final response is refused with 500.
  virtual void on_invite(std::unique_ptr<InboundLeg> leg, const IncomingInvite& invite) = 0;

  // A REGISTER, on a profile created with ProfileConfig::accept_register.
  // Answered at once with the returned reply (the registrar decides in
  // memory; persistence happens elsewhere, off this thread). Headers such as
  // WWW-Authenticate, Min-Expires and Contact go in Reply::headers. The
  // default refuses with 403.
  virtual Reply on_register(const IncomingRegister& request);

  // An OPTIONS or INFO outside any dialog, from `source`: answered with the
  // returned status (no body; the stack adds Allow and Accept to OPTIONS). The
  // default answers OPTIONS 200, INFO 481 (no such dialog) and REFER 403
  // (nothing to transfer outside a call).
  virtual int on_out_of_dialog(OutOfDialogMethod method, const SourceAddress& source);
};

}  // namespace ctib::sip
