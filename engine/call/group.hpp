#pragma once
// Internal to ctib_call: one `,` group of a dial plan, its legs rung in
// parallel (freeswitch-semantics §1.4), and its timers (§2.1).
//
//   Idle ──start()──▶ Running ──answer, or early media when early_ok──▶ Won
//                       │ all legs down / timelimit / progress_timeout /
//                       │ fail_on_single_reject
//                       ├──────────────────────────────────────────▶ Failed (reported)
//                       └──cancel()───────────────────────────────▶ Failed (not reported)
//
// Ownership: Originate owns its GroupRuns until the call is destroyed; legs
// are owned by the Dialer. All callbacks arrive on the call's loop.

#include <memory>
#include <optional>
#include <vector>

#include "engine/call/dialer.hpp"
#include "engine/call/leg.hpp"
#include "engine/call/originate_options.hpp"
#include "engine/dialstring/plan.hpp"

namespace ctib::call {

enum class GroupState { Idle, Running, Won, Failed };

struct GroupFailure {
  causes::HangupCause cause = causes::HangupCause::NONE;
  // The global timeout fired without originate_continue_on_timeout, or a
  // fail_on_single_reject cause list matched: no further `|` group.
  bool stop_failover = false;
  // Sticky for the rest of the originate (§3.4 force_reason): PROGRESS_TIMEOUT,
  // or a creation cause matched by fail_on_single_reject.
  std::optional<causes::HangupCause> force_reason;
  bool by_remote = false;  // `cause` came from a far end's response or BYE
};

class GroupRun;

class GroupListener {
 public:
  virtual ~GroupListener() = default;
  virtual void on_group_ring(GroupRun& group, OutboundLeg& leg, int status) = 0;
  // Early media that does not win (early_ok is false).
  virtual void on_group_early_media(GroupRun& group, OutboundLeg& leg) = 0;
  // The group has a winner; the losers are already cancelled (LOSE_RACE).
  // The winner's listener is cleared: the receiver takes it over.
  virtual void on_group_won(GroupRun& group, OutboundLeg& winner) = 0;
  virtual void on_group_failed(GroupRun& group, const GroupFailure& failure) = 0;
};

class GroupRun final : public LegListener {
 public:
  GroupRun(Dialer& dialer, Timers& timers, GroupListener& listener, const dialstring::Group& group,
           const OriginateOptions& options, bool forked, std::size_t branch);
  GroupRun(const GroupRun&) = delete;
  GroupRun& operator=(const GroupRun&) = delete;

  // Starts the timers and creates every leg; may report failure before it
  // returns when no leg could be created.
  void start();
  // Ends every leg still up with `cause` (the A leg went away, another
  // branch won). Reports nothing.
  void cancel(causes::HangupCause cause);

  [[nodiscard]] GroupState state() const noexcept { return state_; }
  [[nodiscard]] std::size_t branch() const noexcept { return branch_; }

  // LegListener
  void on_leg_ring(OutboundLeg& leg, int status) override;
  void on_leg_early_media(OutboundLeg& leg) override;
  void on_leg_answer(OutboundLeg& leg) override;
  void on_leg_down(OutboundLeg& leg) override;
  void on_leg_reinvite(OutboundLeg& leg, const Body& sdp) override;
  void on_leg_reinvite_response(OutboundLeg& leg, int status, const Body* sdp) override;

 private:
  void create_legs();
  void win(OutboundLeg& winner);
  void fail(GroupFailure failure);
  void end_legs(causes::HangupCause cause);
  void on_timelimit();
  void on_progress_timeout();
  void stop_timers();
  [[nodiscard]] bool any_up() const;
  [[nodiscard]] GroupFailure cause_when_all_down() const;

  Dialer& dialer_;
  Timers& timers_;
  GroupListener& listener_;
  const dialstring::Group& group_;
  const OriginateOptions& options_;
  bool forked_;
  std::size_t branch_;
  GroupState state_ = GroupState::Idle;
  bool progressed_ = false;  // a leg rang or had early media
  std::optional<causes::HangupCause> force_reason_;
  std::vector<OutboundLeg*> legs_;  // dial order; owned by the Dialer
  std::unique_ptr<Cancellable> timelimit_timer_;
  std::unique_ptr<Cancellable> progress_timer_;
};

}  // namespace ctib::call
