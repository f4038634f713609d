#pragma once
// The call core: one inbound call, from the routing request to the end of
// the bridge (freeswitch-semantics §1-§4, cti-bridge-protocol §3, §5).
//
// State machine (docs/state-machines/call.md):
//
//   Idle ─start()─▶ Routing ─dial answer─▶ Originating ─answer─────────▶ Answered ─BYE─▶ Done
//                      (anchored: Routing waits for the relay's offer first;
//                       answer / early media go through Anchoring, below)
//                      │                      │ └─early media wins─▶ EarlyMedia ─answer─┘
//                      │ hangup answer,       │ originate failed,        │ B failed, caller gone,
//                      │ failure, caller gone │ caller gone              │ bridge_answer_timeout
//                      └──────────────────────┴──────────────────────────┴───────────────▶ Done
//
// Anchored calls (docs/media.md): Originating/EarlyMedia ─winner's SDP─▶
// Anchoring ─relay answered─▶ EarlyMedia or Answered; relay failure ─▶ Done.
//
// play_and_get_digits (digits.cpp, docs/state-machines/call.md): Routing
// ─play_and_get_digits answer─▶ CollectingDigits ─collected─▶ Routing (the
// same uuid asked again with the digits); caller gone, media failure, too
// many rounds ─▶ Done.
//
// Answered ─ctib_max_duration elapsed─▶ Done (BYE both sides, ALLOTTED_TIMEOUT,
// hangup_by system).
//
// Every event (caller, callee, router, timer) is first classified into an
// Event, then handled by the handler of the current state (call.cpp).
//
// Ownership and lifetime:
// - The owner (the engine's call table) owns the Call. on_finished is called
//   exactly once, when the call reaches Done; the owner must destroy the Call
//   *later* (post the destruction to the loop), never inside on_finished.
// - The Call owns the CallerLeg, every B leg (through its Dialer), its timers
//   and the routing request handle; all are stopped when the call ends, and
//   after Done no port and no callback is used again except to absorb late
//   SIP events (a 200 crossing a CANCEL is BYE'd).
// - The ports in CallDeps are borrowed and must outlive the Call.
// Threading: everything runs on the call's event loop (ports.hpp).

#include <bitset>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/call/dialer.hpp"
#include "engine/call/log_sink.hpp"
#include "engine/call/originate.hpp"
#include "engine/call/ports.hpp"
#include "engine/call/timeline.hpp"
#include "engine/call/view.hpp"
#include "engine/causes/hangup_cause.hpp"
#include "engine/dialstring/plan.hpp"
#include "engine/digits/collector.hpp"
#include "engine/routing/decision.hpp"
#include "engine/routing/invocation.hpp"
#include "engine/routing/request.hpp"
#include "engine/variables/variables.hpp"

namespace ctib::call {

// What to do when the routing interface gives no usable answer (connect
// failure, timeout, non-2xx, garbage; cti-bridge-protocol §3). Tried in this
// order: ask `fallback_route` (once), dial `fallback_dial`, end the call with
// `cause`.
struct RouteFailureAction {
  struct Dial {
    std::string text;         // as configured, for logs
    dialstring::DialPlan plan;  // parsed by the config loader
  };
  causes::HangupCause cause = causes::HangupCause::NORMAL_TEMPORARY_FAILURE;  // → 503
  std::optional<routing::RouteConfig> fallback_route;
  std::optional<Dial> fallback_dial;
};

struct CallLimits {
  // B legs one call may create in all (every contact, every failover group);
  // a leg beyond it fails at creation with SWITCH_CONGESTION. Bounds what one
  // routing answer can make the engine send.
  std::size_t max_legs = 256;
};

// Media anchoring (docs/media.md, decision 0012): with `anchor` (a [media]
// section) a call's SDP goes through the MediaPort unless its variable
// bypass_media is true.
struct MediaSettings {
  bool anchor = false;
  // The relay did not answer, or refused, the call's first offer: dial
  // without anchoring (media-fallback = "bypass") instead of ending the call.
  bool fallback_bypass = false;
  causes::HangupCause failure_cause = causes::HangupCause::DESTINATION_OUT_OF_ORDER;
  std::vector<std::string> transcode;  // codecs the relay adds to each offer
  // FreeSWITCH's rtp-timeout-sec: an answered anchored call one side of
  // which sent no RTP for this long ends with MEDIA_TIMEOUT; 0 = off. The
  // call's rtp_timeout_sec variable overrides it.
  unsigned rtp_timeout_sec = 0;
};

// Immutable per-call configuration, a snapshot of the profile's settings.
struct CallSettings {
  std::string profile;
  routing::RouteConfig route;
  RouteFailureAction route_failure;
  std::vector<std::string> route_headers;  // inbound headers sent with the routing request
  variables::Variables defaults;  // profile default A-leg variables; the answer's win
  // Defaults for the answer's own variables (the authenticated caller's
  // directory variables, e.g. origination_caller_id_number): the answer's
  // win, and like them they reach `{}` of every leg.
  variables::Variables answer_defaults;
  CallLimits limits;
  MediaSettings media;
  // Keep the call's timeline (the admin API shows it); off when nobody can
  // read it, to spare the hot path its strings.
  bool timeline = true;
};

// The ports a call uses; borrowed, they outlive every call.
struct CallDeps {
  SipPort& sip;
  TargetResolver& resolver;
  Router& router;
  Timers& timers;
  CallObserver& observer;
  LogSink log;  // may be empty
  MediaPort* media = nullptr;  // the media relay; null = never anchored
};

class Call final : private OriginateListener, private LegListener {
 public:
  enum class State { Idle, Routing, CollectingDigits, Originating, Anchoring, EarlyMedia, Answered, Done };

  Call(CallDeps deps, CallSettings settings, InboundInvite invite, std::unique_ptr<CallerLeg> caller,
       std::string uuid, std::function<void()> on_finished);
  ~Call() override;
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // Sends the routing request (the A leg already got 100 Trying).
  void start();

  // A-leg events, from the SIP adapter.
  void on_caller_cancel();
  void on_caller_bye(std::optional<int> q850);
  void on_caller_reinvite(const Body& sdp);  // re-INVITE or UPDATE with an offer
  void on_caller_reinvite_response(int status, const Body* sdp);
  // The answered A leg ended on its session timer (RFC 4028): the caller did
  // not refresh, or did not answer our refresh. Ends the call as the switch
  // (hangup_by system) with RECOVERY_ON_TIMER_EXPIRE (decision 0007).
  void on_caller_session_expired();
  // An INFO from A, and A's final response to one relayed to it
  // (info_relay.cpp). INFO changes no call state: it is relayed while a
  // winner is bridged (early media or answered), refused with 480 otherwise.
  void on_caller_info(const Info& info);
  void on_caller_info_response(int status, std::string_view phrase);
  // A REFER from A (transfer.cpp, decision 0015): answered at once (202, or
  // 403/491/501), then a blind transfer of B to the Refer-To target.
  void on_caller_refer(const TransferRequest& request);
  // A DTMF digit the caller sent (0-9, *, #, A-D): RFC 2833 seen by the
  // media relay, or an INFO. Used only while collecting digits.
  void on_caller_digit(char digit);

  // Ends the call from the switch itself (FreeSWITCH's uuid_kill): an
  // unanswered caller is refused with the cause's SIP status, an answered
  // call gets BYE on both sides; recorded with hangup_by = system. Used when
  // the shutdown grace period runs out (SYSTEM_SHUTDOWN).
  void hangup(causes::HangupCause cause);

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] const std::string& uuid() const noexcept { return uuid_; }
  [[nodiscard]] const std::string& profile() const noexcept { return invite_.profile; }
  // When the call was created (its timeline's origin; `created_at` in views).
  [[nodiscard]] std::chrono::system_clock::time_point created_at() const noexcept { return timeline_.origin(); }
  // The A leg's channel variables: profile defaults, then the answer's.
  [[nodiscard]] const variables::Variables& variables() const noexcept { return caller_vars_; }
  // The call's hangup cause once Done.
  [[nodiscard]] causes::HangupCause cause() const noexcept { return record_.cause; }

  // A snapshot for the admin API (view.cpp); the timeline only when asked.
  [[nodiscard]] CallView view(bool with_timeline) const;
  // Records what happened to the call outside the call core (notification
  // delivery results, from the notifier through the Switch).
  void note(TimelineKind kind, std::string detail);

 private:
  enum class Event {
    Start,
    RouteAnswer,
    RouteFailure,
    CallerCancel,
    CallerBye,
    CallerReinvite,
    CallerReinviteResponse,
    CalleeRing,
    CalleeEarlyMedia,  // early media that does not win (early_ok off)
    CalleeEarlyWin,    // early media won the originate
    CalleeAnswer,
    CalleeDown,
    OriginateFailed,
    CalleeReinvite,
    CalleeReinviteResponse,
    AnswerTimeout,
    MaxDuration,  // ctib_max_duration elapsed since answer
    SystemHangup,
    MediaTimeout,  // a side sent no RTP for rtp_timeout_sec (media.cpp)
    MediaDone,  // the relay's answer to the step in flight (media.cpp)
    CallerDigit,   // a DTMF digit from A (digits.cpp)
    DigitsTimer,   // the prompt ended, or the collector's wait ran out
    PlayStarted,   // the relay started (or failed to start) a prompt
  };
  // Who played which part: the caller (A, or the leg standing in for it
  // after A transferred B), the callee (the winner), or the switch itself
  // (an offer of ours after a transfer, whose answer goes nowhere).
  enum class Side { None, Caller, Callee, Switch };
  // A blind transfer in progress (transfer.cpp, docs/state-machines/call.md):
  // the call stays Answered, the referrer and the transferee still bridged,
  // while the interface is asked and the target is dialled.
  struct Transfer {
    enum class Phase { Routing, Originating, EarlyMedia };
    Phase phase = Phase::Routing;
    Side referrer = Side::None;  // who sent the REFER; the other side is the transferee
    bool referrer_gone = false;  // it hung up meanwhile (phones often do after 202)
    routing::TransferInfo info;
    OutboundLeg* target = nullptr;  // EarlyMedia: the target that won with early media
  };
  struct CallEvent {
    explicit CallEvent(Event k, OutboundLeg* l = nullptr, int s = 0) : kind(k), leg(l), status(s) {}
    Event kind;
    OutboundLeg* leg = nullptr;
    int status = 0;
    std::optional<int> q850;
    const Body* sdp = nullptr;
    bool relay = false;
    RouteResult* route = nullptr;
    causes::HangupCause cause = causes::HangupCause::NORMAL_CLEARING;  // SystemHangup
    OriginateFailure failure;
    const MediaResult* media = nullptr;
    char digit = 0;
    const PlayResult* play = nullptr;
  };
  // Which offer/answer step the relay is working on (media.cpp).
  enum class MediaWait {
    None,
    Offer,
    EarlyAnswer,
    Answer,
    CallerOffer,
    CalleeOffer,
    CallerAnswer,
    CalleeAnswer,
    PromptOffer,   // digits: the caller's offer, before any B leg
    PromptAnswer,  // digits: the stand-in answer that gives A the relay's SDP
  };

  // call.cpp: dispatch, one handler per state.
  void dispatch(const CallEvent& e);
  void on_idle(const CallEvent& e);
  void on_routing(const CallEvent& e);
  void on_originating(const CallEvent& e);
  void on_early_media(const CallEvent& e);
  void on_answered(const CallEvent& e);
  void on_anchoring(const CallEvent& e);
  void on_collecting_digits(const CallEvent& e);
  void system_hangup(causes::HangupCause cause);

  // route_answer.cpp
  void send_route_query();
  void on_route_result(RouteResult result);
  void apply_decision(routing::RouteDecision decision);
  void route_failed(const std::string& detail);
  void cancel_route_request();
  void start_originate(dialstring::DialPlan plan);

  // digits.cpp: play_and_get_digits (docs/media.md, docs/protocol.md §2.1.2).
  void start_collecting(const routing::PlayAndGetDigitsDial& dial);
  void prompt_media_ready(const CallEvent& e);
  void run(const digits::Step& step);
  void collected(const digits::Outcome& outcome);
  void stop_collecting();
  void arm_digits_timer(std::chrono::milliseconds after, std::function<void()> fire);
  void collecting_failed(const std::string& detail);

  // media.cpp: offer/answer through the media relay (anchored calls).
  // The call's own choice (profile, user, answer variables; an offer to
  // start from), and with a plan the gateways' and legs' too.
  [[nodiscard]] bool wants_anchor() const;
  [[nodiscard]] bool wants_anchor(const dialstring::DialPlan& plan) const;
  [[nodiscard]] bool every_leg_bypasses_media(const dialstring::DialPlan& plan) const;
  void offer_then_originate(dialstring::DialPlan plan);
  void media_step(MediaStep::Kind kind, std::string from, std::string to, const Body& sdp, MediaWait wait);
  void on_media_result(MediaResult result);
  void on_offer_anchored(const CallEvent& e);
  void anchor_winner(OutboundLeg& winner, bool answered);
  void relay_anchored(const CallEvent& e);
  void media_failed(const MediaFailure& failure);
  void release_media();
  void start_media_timer();
  void poll_media_activity();
  [[nodiscard]] Body anchored_body(const MediaResult& r) const;

  // caller_signalling.cpp: what A hears while B legs progress.
  void ring_caller(int status);
  void early_media_to_caller(OutboundLeg& winner, const Body* sdp);
  void answer_caller(const Body* sdp);
  void note_progress();
  void notify(Progress p);

  // bridge.cpp: the winner and A, paired.
  void take_winner(OutboundLeg& winner);
  void relay_caller_offer(const Body& sdp);
  void relay_callee_offer(const Body& sdp);
  void relay_caller_answer(int status, const Body* sdp);
  void relay_callee_answer(int status, const Body* sdp);
  void start_answer_timer();
  void start_duration_timer();

  // transfer.cpp: blind transfer (REFER), decision 0015.
  void on_transfer_request(Side referrer, const TransferRequest& request);
  void send_transfer_query();
  void transfer_routed(RouteResult& result);
  void transfer_connected(OutboundLeg& target);
  void transfer_failed(int sip_status, causes::HangupCause cause);
  // Hangs up whoever plays A's part now: A, or the leg standing in for it.
  void hangup_caller_side(causes::HangupCause cause);
  CallerLeg& caller_side() noexcept;
  void on_leg_refer(OutboundLeg& leg, const TransferRequest& request) override;

  // record.cpp: ending the call.
  void end_unanswered(causes::HangupCause cause, HangupBy by);
  void refuse_caller(int status, causes::HangupCause cause, HangupBy by);
  void end_answered(causes::HangupCause cause, HangupBy by);
  void finish(causes::HangupCause cause, HangupBy by, int sip_status);
  void log(const std::string& line) const;
  // Appends to the timeline when it is kept; `detail` (a callable giving the
  // text) is not called otherwise, so a call without one formats nothing.
  template <class Detail>
  void timeline_note(TimelineKind kind, Detail&& detail) {
    if (timeline_.enabled()) timeline_.add(deps_.timers.wall_now(), kind, std::string(detail()));
  }

  // OriginateListener
  void on_originate_ring(OutboundLeg& leg, int status, bool relay) override;
  void on_originate_early_media(OutboundLeg& leg, bool relay) override;
  void on_originate_won(OutboundLeg& winner) override;
  void on_originate_failed(const OriginateFailure& failure) override;
  // LegListener (the winner, once it won)
  void on_leg_ring(OutboundLeg& leg, int status) override;
  void on_leg_early_media(OutboundLeg& leg) override;
  void on_leg_answer(OutboundLeg& leg) override;
  void on_leg_down(OutboundLeg& leg) override;
  void on_leg_reinvite(OutboundLeg& leg, const Body& sdp) override;
  void on_leg_reinvite_response(OutboundLeg& leg, int status, const Body* sdp) override;
  void on_leg_info(OutboundLeg& leg, const Info& info) override;
  void on_leg_info_response(OutboundLeg& leg, int status, std::string_view phrase) override;
  [[nodiscard]] bool bridged() const noexcept;

  CallDeps deps_;
  const CallSettings settings_;
  const InboundInvite invite_;
  const std::unique_ptr<CallerLeg> caller_;
  const std::string uuid_;
  std::function<void()> on_finished_;
  // Declared before dialer_, which records into it.
  Timeline timeline_;

  State state_ = State::Idle;
  variables::Variables caller_vars_;
  routing::RouteConfig active_route_;  // the route asked last; notifications go there
  bool route_sent_ = false;
  bool fallback_asked_ = false;
  // Every routing request's handle, kept until the call is destroyed: a
  // handle is never destroyed inside its own callback. Only the last one can
  // be pending.
  std::vector<std::unique_ptr<Cancellable>> route_requests_;
  bool route_pending_ = false;
  std::chrono::system_clock::time_point route_sent_at_{};
  std::optional<std::chrono::milliseconds> routing_ms_;  // the first answer's latency
  const OutboundLeg* ringing_ = nullptr;  // the last leg that rang or had early media (owned by dialer_)
  Dialer dialer_;                        // owns the B legs; declared before originate_
  std::unique_ptr<Originate> originate_;
  OutboundLeg* winner_ = nullptr;        // owned by dialer_
  std::unique_ptr<Cancellable> answer_timer_;
  std::unique_ptr<Cancellable> duration_timer_;  // ctib_max_duration, from answer
  bool ring_sent_ = false;
  bool early_media_sent_ = false;
  Side offer_from_ = Side::None;         // re-INVITE relay in progress (glare guard)
  // Media anchoring (media.cpp). `anchored_`: an offer went to the relay, so
  // it may hold a session that `release_media()` must delete.
  bool anchored_ = false;
  bool media_decided_ = false;  // anchor or not was decided (once, at the first originate)
  std::optional<Body> media_offer_;  // the relay's offer for the B legs (the Dialer reads it)
  std::optional<dialstring::DialPlan> plan_after_offer_;
  MediaWait media_wait_ = MediaWait::None;
  int media_status_ = 0;  // the re-INVITE answer's status, while its SDP is anchored
  std::vector<std::unique_ptr<Cancellable>> media_requests_;  // like route_requests_
  std::unique_ptr<Cancellable> media_timer_;      // rtp_timeout_sec poll
  // The last query; replaced (the previous one finished) from the timer's callback.
  std::unique_ptr<Cancellable> activity_request_;
  MediaActivity last_activity_;
  // The latest session each side offered or answered: a transfer offers
  // the transferee's to the target.
  std::optional<Body> caller_sdp_;
  std::optional<Body> callee_sdp_;
  std::optional<Transfer> transfer_;
  // Originates of earlier transfers' targets or the first dial, kept (not
  // destroyed inside their own callbacks) until the call goes.
  std::vector<std::unique_ptr<Originate>> past_originates_;
  bool caller_released_ = false;                  // A transferred B and is gone
  OutboundLeg* stand_in_ = nullptr;               // plays A's part then (owned by dialer_)
  std::unique_ptr<CallerLeg> stand_in_commands_;  // caller_side() for it
  // play_and_get_digits (digits.cpp). `collector_` lives from the answer to
  // the outcome; `digits_info_` is what the next routing request carries.
  std::optional<digits::Collector> collector_;
  std::optional<routing::DigitsInfo> digits_info_;
  std::string digits_var_;       // the round's var_name
  int digit_rounds_ = 0;         // play_and_get_digits answers acted on
  bool prompt_media_ = false;    // A has the relay's SDP (183 sent), prompts can play
  std::unique_ptr<Cancellable> digits_timer_;
  std::unique_ptr<Cancellable> retired_digits_timer_;  // see arm_digits_timer()
  std::vector<std::unique_ptr<Cancellable>> play_requests_;  // like route_requests_
  std::bitset<3> notified_;              // Progress values already reported
  CallRecord record_;
};

}  // namespace ctib::call
