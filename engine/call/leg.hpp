#pragma once
// Internal to ctib_call: one outbound (B) leg and its small state machine.
//
//   Created ──place ok──▶ Trying ──180/182/183──▶ Ringing
//      │                    │  └──183/180+SDP──▶ EarlyMedia ◀── (from Ringing)
//      │ creation failure   ├──200──▶ Answered ──BYE (either side)──▶ Hungup
//      ▼                    ├──≥300 / stack error──▶ Failed
//    Failed                 └──cancel()──▶ Cancelled (a 200 crossing the CANCEL is BYE'd)
//
// Ownership: the Dialer owns every OutboundLeg of a call until the call is
// destroyed, so listeners may hold plain pointers; the leg owns its
// CalleeLeg (the SIP adapter's handle) and its timers. The SIP adapter
// delivers CalleeEvents to the leg on the call's loop; events that do not fit
// the state are dropped here, so listeners only see meaningful transitions.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "engine/call/ports.hpp"
#include "engine/call/timeline.hpp"
#include "engine/causes/hangup_cause.hpp"
#include "engine/variables/variables.hpp"

namespace ctib::call {

enum class LegState { Created, Trying, Ringing, EarlyMedia, Answered, Failed, Cancelled, Hungup };

std::string_view name(LegState s) noexcept;

class OutboundLeg;

// Who a leg reports to: its group while originating, the call once it won.
// Each callback is called at most once per leg, except the re-INVITE ones.
class LegListener {
 public:
  virtual ~LegListener() = default;
  // First ring-ready (180, 182, 183 without SDP); `status` as received.
  virtual void on_leg_ring(OutboundLeg& leg, int status) = 0;
  // First early media (183 or 180 with SDP); the SDP is leg.early_sdp().
  virtual void on_leg_early_media(OutboundLeg& leg) = 0;
  // 200 OK; the SDP is leg.answer_sdp().
  virtual void on_leg_answer(OutboundLeg& leg) = 0;
  // The leg ended on its own: a failure response, its leg_timeout or
  // leg_progress_timeout, or a BYE after answer. leg.cause() says why.
  virtual void on_leg_down(OutboundLeg& leg) = 0;
  virtual void on_leg_reinvite(OutboundLeg& leg, const Body& sdp) = 0;
  virtual void on_leg_reinvite_response(OutboundLeg& leg, int status, const Body* sdp) = 0;
  // An INFO from the leg's far end, and the response to one relayed to it.
  // Only a bridged leg has somewhere to send it: by default (a group still
  // originating) it is refused with 480 (info_relay.cpp).
  virtual void on_leg_info(OutboundLeg& leg, const Info& info);
  virtual void on_leg_info_response(OutboundLeg& /*leg*/, int /*status*/, std::string_view /*phrase*/) {}
  // A REFER from the answered leg's far end (decision 0015). By default it
  // is refused 403: only the call can transfer (transfer.cpp).
  virtual void on_leg_refer(OutboundLeg& leg, const TransferRequest& request);
};

// What the leg records about far-end statuses for the A leg's final answer
// (§3.3.4: the last B leg that hung up with a remote SIP status). Owned by
// the call.
struct RemoteStatusLog {
  std::optional<int> last;
};

class OutboundLeg final : public CalleeEvents {
 public:
  // `text` is the leg as written (for `dialed`); `vars` the variables in
  // force on it. Timers and the log outlive the leg (the call owns them).
  OutboundLeg(std::string text, variables::Variables vars, Timers& timers, RemoteStatusLog& remote_log);
  ~OutboundLeg() override;
  OutboundLeg(const OutboundLeg&) = delete;
  OutboundLeg& operator=(const OutboundLeg&) = delete;

  // The INVITE was sent: Created → Trying; starts leg_timeout and
  // leg_progress_timeout (§2.1).
  void attach(std::unique_ptr<CalleeLeg> callee);
  // The leg could not be created (no SIP sent): Created → Failed.
  void fail_creation(causes::HangupCause cause);

  void set_listener(LegListener* listener) noexcept { listener_ = listener; }
  // Where the leg records its SIP traffic (the call's timeline); may be null.
  void set_timeline(Timeline* timeline) noexcept { timeline_ = timeline; }

  // Ends the leg from our side with `cause`: CANCEL when unanswered, BYE when
  // answered; no-op when already down. Reports nothing to the listener.
  void end(causes::HangupCause cause);
  // The originate is over for this leg (it won): its per-leg timers stop.
  void stop_timers();

  void send_reinvite(const Body& sdp);
  void respond_reinvite(int status, const Body* sdp);
  void send_info(const Info& info);
  void respond_info(int status, std::string_view phrase);
  void respond_transfer(int status);
  void notify_transfer(int status);

  [[nodiscard]] LegState state() const noexcept { return state_; }
  [[nodiscard]] bool up() const noexcept;  // Trying, Ringing, EarlyMedia, Answered
  [[nodiscard]] bool created() const noexcept { return created_; }
  [[nodiscard]] causes::HangupCause cause() const noexcept { return cause_; }
  // True when the leg ended because the far end said so (response or BYE).
  [[nodiscard]] bool ended_by_remote() const noexcept { return ended_by_remote_; }
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  [[nodiscard]] const variables::Variables& variables() const noexcept { return vars_; }
  [[nodiscard]] const std::optional<Body>& early_sdp() const noexcept { return early_sdp_; }
  [[nodiscard]] const std::optional<Body>& answer_sdp() const noexcept { return answer_sdp_; }

  // CalleeEvents (from the SIP adapter).
  void on_provisional(int status, const Body* sdp) override;
  void on_answer(const Body* sdp) override;
  void on_failure(int status, std::optional<int> q850) override;
  void on_bye(std::optional<int> q850) override;
  void on_session_expired() override;
  void on_reinvite(const Body& sdp) override;
  void on_reinvite_response(int status, const Body* sdp) override;
  void on_info(const Info& info) override;
  void on_info_response(int status, std::string_view phrase) override;
  void on_refer(const TransferRequest& request) override;

 private:
  void start_timers();
  void on_leg_timeout();
  void on_leg_progress_timeout();
  void timed_out(causes::HangupCause cause);
  [[nodiscard]] std::string reason_for(causes::HangupCause cause) const;
  // Appends to the call's timeline; `detail` (a callable giving the text)
  // is only called when there is one, so a call without costs nothing.
  template <class Detail>
  void timeline_note(TimelineKind kind, Detail&& detail) {
    if (timeline_ != nullptr)
      timeline_->add(timers_.wall_now(), kind, std::string(detail()) + " (" + text_ + ")");
  }

  std::string text_;
  variables::Variables vars_;
  Timers& timers_;
  RemoteStatusLog& remote_log_;
  LegListener* listener_ = nullptr;  // not owned; see LegListener
  Timeline* timeline_ = nullptr;     // the call's; the call outlives its legs
  std::unique_ptr<CalleeLeg> callee_;
  LegState state_ = LegState::Created;
  bool created_ = false;
  bool ended_by_remote_ = false;
  causes::HangupCause cause_ = causes::HangupCause::NONE;
  std::optional<Body> early_sdp_;
  std::optional<Body> answer_sdp_;
  std::unique_ptr<Cancellable> leg_timer_;
  std::unique_ptr<Cancellable> progress_timer_;
};

}  // namespace ctib::call
