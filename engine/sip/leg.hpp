#pragma once
// A SIP dialog leg: one INVITE dialog, one nua handle.
//
// Ownership: the call core owns each leg (std::unique_ptr). A leg owns its
// nua handle and releases it (nua_handle_destroy) exactly once: when the
// dialog terminates (before on_terminated is called), when the leg is
// destroyed, or when its Profile is shut down - whichever comes first.
// Destroying a leg whose dialog is still alive ends it first: an unanswered
// inbound leg is refused with 500, an unanswered outbound leg is cancelled,
// an answered one gets a BYE. No events are delivered after destruction.
//
// Threading: every method must be called on the Profile's su_root thread.
// Commands only queue work for the stack; outcomes arrive as handler events.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "engine/sip/handlers.hpp"
#include "engine/sip/types.hpp"
#include "libs/base/expected.hpp"

struct nua_handle_s;
struct msg_s;

namespace ctib::sip {

class Profile;
namespace detail {
struct NuaEvent;
}

using CommandResult = base::Expected<Sent, Error>;

// Inbound: early = a 1xx sent; confirmed = a 2xx sent.
// Outbound: early = a 1xx received; confirmed = a 2xx received (ACK sent).
// terminating = a final failure, CANCEL or BYE is under way.
enum class LegState : std::uint8_t { initial, early, confirmed, terminating, terminated };

class Leg {
 public:
  Leg(const Leg&) = delete;
  Leg& operator=(const Leg&) = delete;
  Leg(Leg&&) = delete;
  Leg& operator=(Leg&&) = delete;
  virtual ~Leg();

  [[nodiscard]] LegState state() const noexcept { return state_; }
  [[nodiscard]] const std::string& call_id() const noexcept { return call_id_; }
  // The profile this leg lives on, or nullptr once that profile is gone.
  [[nodiscard]] Profile* profile() const noexcept { return profile_; }

  // Hangs up an answered (confirmed) leg. `reason` becomes a Reason header,
  // e.g. `Q.850;cause=16;text="NORMAL_CLEARING"`.
  CommandResult bye(const std::optional<std::string>& reason = std::nullopt);

  // Sends a re-INVITE (confirmed dialog) or UPDATE (early or confirmed
  // dialog, RFC 3311); the response comes back through
  // LegHandler::on_modify_response. One at a time.
  CommandResult modify(const Modify& request);

  // Answers the re-INVITE/UPDATE announced by LegHandler::on_modify (that
  // request, by its message: an UPDATE in an early dialog must not be
  // mistaken for the pending INVITE).
  CommandResult respond_modify(const Reply& reply);

  // Sends an INFO in the dialog (early or confirmed). INFOs leave one at a
  // time, in order: one given while another awaits its final response is
  // queued, so responses (LegHandler::on_info_response) pair with requests
  // in order (info.cpp).
  CommandResult info(const Info& request);

  // Answers the oldest INFO announced by LegHandler::on_info, 200-699.
  CommandResult respond_info(const Reply& reply);

  // Answers the REFER announced by LegHandler::on_refer: 202 accepts it and
  // sends the first NOTIFY (`100 Trying`), 300-699 refuses it (refer.cpp).
  CommandResult respond_refer(const Reply& reply);

  // Ends the accepted REFER's implicit subscription with a NOTIFY whose
  // message/sipfrag body is `SIP/2.0 <status> <phrase>` (200 when the
  // transfer target answered, the failure otherwise; refer.cpp).
  CommandResult notify_refer(int status);

 protected:
  Leg(Profile& profile, nua_handle_s* handle, std::string call_id);

  nua_handle_s* handle() const noexcept { return handle_; }
  void set_state(LegState s) noexcept { state_ = s; }
  virtual LegHandler* handler() const noexcept = 0;

  // Events both directions share (BYE, re-INVITE/UPDATE, termination).
  // Returns true if it consumed the event. May destroy *this (via the handler).
  bool handle_common_event(const detail::NuaEvent& event);
  // INFO received / the response to ours (info.cpp). May destroy *this.
  void receive_info(const detail::NuaEvent& event);
  void receive_info_response(const detail::NuaEvent& event);
  // Drops the references to INFO requests still unanswered (the stack
  // answers them itself when the handle goes).
  void forget_pending_info() noexcept;
  // REFER received (refer.cpp). May destroy *this.
  void receive_refer(const detail::NuaEvent& event);
  void forget_pending_refer() noexcept;
  // Releases the handle and tells the handler. Must be the last thing a caller does.
  void terminate(int status, const std::string& phrase);
  // Sends BYE (confirmed) before the handle is released by the destructor.
  void end_dialog_for_destruction();
  void release_handle() noexcept;

 private:
  friend class Profile;
  virtual void handle_event(const detail::NuaEvent& event) = 0;

  Profile* profile_;           // cleared by the Profile when it goes away first
  nua_handle_s* handle_;       // nullptr once released
  std::string call_id_;
  LegState state_ = LegState::initial;
  // Drops our reference to the re-INVITE/UPDATE awaiting respond_modify.
  void release_pending_modify() noexcept;

  bool modify_sent_ = false;      // a re-INVITE/UPDATE of ours awaits its response
  bool modify_received_ = false;  // a re-INVITE/UPDATE awaits our respond_modify
  // That request's message (a reference of ours), to answer it and not
  // another pending one: nua_respond without NUTAG_WITH only finds INVITEs.
  ::msg_s* pending_modify_ = nullptr;
  bool bye_sent_ = false;  // bye() was called: a BYE response is ours
  // The stack ended or is ending the dialog on a timer (Termination::timer_expired).
  bool timer_expired_ = false;
  // INFO requests received and not answered yet, oldest first: each holds a
  // reference (msg_ref_create) so respond_info can name it (NUTAG_WITH).
  std::deque<msg_s*> info_received_;
  std::deque<Info> info_queued_;  // ours, waiting for the one in flight
  bool info_in_flight_ = false;
  ::msg_s* pending_refer_ = nullptr;  // the REFER awaiting respond_refer (our reference)
  // `refer;id=<CSeq>` of the accepted REFER, for its NOTIFYs; "" when none.
  std::string refer_event_;
};

// The callee side of a dialog created by an incoming INVITE.
class InboundLeg final : public Leg {
 public:
  ~InboundLeg() override;

  // Where this leg's later events go. Call it inside ProfileHandler::on_invite.
  void set_handler(InboundLegHandler& handler) noexcept { handler_ = &handler; }

  // Answers the INVITE: 101-199 (any number, state early), 200-299 (state
  // confirmed) or 300-699 (final refusal). The phrase defaults to the standard one.
  CommandResult respond(const Reply& reply);

 private:
  friend class Profile;
  InboundLeg(Profile& profile, nua_handle_s* handle, std::string call_id);
  LegHandler* handler() const noexcept override { return handler_; }
  void handle_event(const detail::NuaEvent& event) override;

  InboundLegHandler* handler_ = nullptr;
  // The INVITE came over TCP: our responses carry a Contact with
  // ;transport=tcp so the dialog stays on TCP (contact.cpp).
  bool over_tcp_ = false;
  bool over_tls_ = false;  // the same over TLS: ;transport=tls, the TLS port
};

// The caller side of a dialog we start with Profile::invite.
class OutboundLeg final : public Leg {
 public:
  ~OutboundLeg() override;

  // Cancels the INVITE before a final response. `reason` becomes a Reason
  // header, e.g. `SIP;cause=200;text="Call completed elsewhere"`. The 487 that
  // follows is reported through on_failure, then on_terminated. If a 2xx
  // crosses the CANCEL, on_answer is reported and the leg must be hung up.
  CommandResult cancel(const std::optional<std::string>& reason = std::nullopt);

 private:
  friend class Profile;
  OutboundLeg(Profile& profile, nua_handle_s* handle, std::string call_id,
              OutboundLegHandler& handler);
  LegHandler* handler() const noexcept override { return handler_; }
  void handle_event(const detail::NuaEvent& event) override;

  OutboundLegHandler* handler_;
  bool final_received_ = false;  // the initial INVITE has its final response
  std::optional<AuthCredentials> auth_;  // for one 401/407
  bool auth_sent_ = false;
};

}  // namespace ctib::sip
