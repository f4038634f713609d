#pragma once
// Internal to ctib_call: runs a DialPlan (freeswitch-semantics §1.4, §1.6,
// §3.4): the `|` groups of a branch one after the other, the legs of a group
// in parallel, and - for `:_:` enterprise plans - every branch at once.
//
// Enterprise, simplified: FreeSWITCH runs each branch as a full originate in
// its own thread with ignore_early_media forced; here each branch is a
// sequence of GroupRuns on the same loop with early_ok off. The first
// branch to get an answer wins, the others are cancelled with LOSE_RACE;
// the failure cause is the first branch cause (in branch order) that is not
// LOSE_RACE or NO_PICKUP, else NO_ANSWER.
//
//   Idle ──start()──▶ Running ──a group won──▶ Won
//                       ├──every branch failed──▶ Failed (reported)
//                       └──cancel()────────────▶ Cancelled (not reported)
//
// Ownership: the Call owns its Originate; the Originate owns the plan and
// its GroupRuns until it is destroyed with the call.

#include <memory>
#include <optional>
#include <vector>

#include "engine/call/group.hpp"

namespace ctib::call {

struct OriginateFailure {
  causes::HangupCause cause = causes::HangupCause::NONE;
  bool by_remote = false;  // the cause came from a far end
};

class OriginateListener {
 public:
  virtual ~OriginateListener() = default;
  // A leg's first ring-ready; `relay` is false with ignore_ring_ready.
  virtual void on_originate_ring(OutboundLeg& leg, int status, bool relay) = 0;
  // Early media that does not win (early_ok false); `relay` as above.
  virtual void on_originate_early_media(OutboundLeg& leg, bool relay) = 0;
  // The originate succeeded: `winner` answered or (early_ok) has early media.
  // Its listener is cleared; the receiver takes it over.
  virtual void on_originate_won(OutboundLeg& winner) = 0;
  virtual void on_originate_failed(const OriginateFailure& failure) = 0;
};

enum class OriginateState { Idle, Running, Won, Failed, Cancelled };

class Originate final : public GroupListener {
 public:
  Originate(Dialer& dialer, Timers& timers, OriginateListener& listener, dialstring::DialPlan plan,
            const variables::Variables& caller_vars);
  Originate(const Originate&) = delete;
  Originate& operator=(const Originate&) = delete;

  // May report on_originate_failed before returning (no leg could be created).
  void start();
  // The A leg went away: every leg still up ends with `cause`.
  void cancel(causes::HangupCause cause);

  [[nodiscard]] OriginateState state() const noexcept { return state_; }

  // GroupListener
  void on_group_ring(GroupRun& group, OutboundLeg& leg, int status) override;
  void on_group_early_media(GroupRun& group, OutboundLeg& leg) override;
  void on_group_won(GroupRun& group, OutboundLeg& winner) override;
  void on_group_failed(GroupRun& group, const GroupFailure& failure) override;

 private:
  enum class BranchState { Running, Won, Failed };
  struct BranchRun {
    OriginateOptions options;
    std::vector<std::unique_ptr<GroupRun>> groups;
    std::size_t current = 0;
    BranchState state = BranchState::Running;
    std::optional<causes::HangupCause> force_reason;
    OriginateFailure failure;
  };

  void start_group(std::size_t branch);
  void branch_failed(std::size_t branch, OriginateFailure failure);
  [[nodiscard]] OriginateFailure enterprise_failure() const;

  Dialer& dialer_;
  Timers& timers_;
  OriginateListener& listener_;
  dialstring::DialPlan plan_;
  std::vector<BranchRun> branches_;
  OriginateState state_ = OriginateState::Idle;
};

}  // namespace ctib::call
