#include "engine/call/originate.hpp"

#include <algorithm>

namespace ctib::call {

using causes::HangupCause;

namespace {

// More than one leg or group: every leg is part of a forked dial (§1.4), and a
// user/ leg then rings only its first contact (§5.5.6).
bool is_forked(const dialstring::DialPlan& plan) {
  std::size_t legs = 0;
  std::size_t groups = 0;
  for (const auto& b : plan.branches) {
    groups += b.groups.size();
    for (const auto& g : b.groups) legs += g.legs.size();
  }
  return legs > 1 || groups > 1;
}

}  // namespace

Originate::Originate(Dialer& dialer, Timers& timers, OriginateListener& listener, dialstring::DialPlan plan,
                     const variables::Variables& caller_vars)
    : dialer_(dialer), timers_(timers), listener_(listener), plan_(std::move(plan)) {
  const bool enterprise = plan_.enterprise();
  const bool forked = is_forked(plan_);
  branches_.resize(plan_.branches.size());
  // Groups keep references into branches_, so it is sized once above.
  for (std::size_t b = 0; b < plan_.branches.size(); ++b) {
    auto& run = branches_[b];
    run.options = read_originate_options(plan_.branches[b].global_vars, caller_vars, enterprise);
    for (const auto& group : plan_.branches[b].groups) {
      if (group.legs.empty()) continue;
      run.groups.push_back(std::make_unique<GroupRun>(dialer_, timers_, *this, group, run.options, forked, b));
    }
  }
}

void Originate::start() {
  if (state_ != OriginateState::Idle) return;
  state_ = OriginateState::Running;
  for (std::size_t b = 0; b < branches_.size() && state_ == OriginateState::Running; ++b) start_group(b);
  if (branches_.empty()) {
    state_ = OriginateState::Failed;
    listener_.on_originate_failed({HangupCause::ORIGINATOR_CANCEL, false});
  }
}

// Starts the branch's next group, or fails the branch when none is left.
void Originate::start_group(std::size_t branch) {
  auto& run = branches_[branch];
  if (run.current >= run.groups.size()) {
    auto cause = run.force_reason.value_or(run.failure.cause);
    if (cause == HangupCause::NONE) cause = HangupCause::ORIGINATOR_CANCEL;  // a branch with no leg
    branch_failed(branch, {cause, run.failure.by_remote});
    return;
  }
  run.groups[run.current]->start();
}

void Originate::cancel(HangupCause cause) {
  if (state_ != OriginateState::Running) return;
  state_ = OriginateState::Cancelled;
  for (auto& run : branches_) {
    if (run.state != BranchState::Running || run.current >= run.groups.size()) continue;
    run.groups[run.current]->cancel(cause);
  }
}

void Originate::on_group_ring(GroupRun& group, OutboundLeg& leg, int status) {
  if (state_ != OriginateState::Running) return;
  listener_.on_originate_ring(leg, status, !branches_[group.branch()].options.ignore_ring_ready);
}

void Originate::on_group_early_media(GroupRun& group, OutboundLeg& leg) {
  if (state_ != OriginateState::Running) return;
  listener_.on_originate_early_media(leg, !branches_[group.branch()].options.ignore_ring_ready);
}

void Originate::on_group_won(GroupRun& group, OutboundLeg& winner) {
  if (state_ != OriginateState::Running) return;
  state_ = OriginateState::Won;
  branches_[group.branch()].state = BranchState::Won;
  for (auto& run : branches_) {
    if (run.state != BranchState::Running || run.current >= run.groups.size()) continue;
    run.groups[run.current]->cancel(HangupCause::LOSE_RACE);
    run.state = BranchState::Failed;
  }
  listener_.on_originate_won(winner);
}

// §1.4 failover: the next `|` group unless the group says stop.
void Originate::on_group_failed(GroupRun& group, const GroupFailure& failure) {
  if (state_ != OriginateState::Running) return;
  const std::size_t b = group.branch();
  auto& run = branches_[b];
  if (failure.force_reason && !run.force_reason) run.force_reason = failure.force_reason;
  run.failure = {failure.cause, failure.by_remote && !run.force_reason};
  ++run.current;
  if (failure.stop_failover) run.current = run.groups.size();
  start_group(b);
}

void Originate::branch_failed(std::size_t branch, OriginateFailure failure) {
  auto& run = branches_[branch];
  run.state = BranchState::Failed;
  run.failure = failure;
  const bool all_failed = std::all_of(branches_.begin(), branches_.end(),
                                      [](const BranchRun& r) { return r.state == BranchState::Failed; });
  if (!all_failed) return;
  state_ = OriginateState::Failed;
  listener_.on_originate_failed(plan_.enterprise() ? enterprise_failure() : failure);
}

// §1.6: the first branch cause that is not LOSE_RACE or NO_PICKUP, else NO_ANSWER.
OriginateFailure Originate::enterprise_failure() const {
  for (const auto& run : branches_) {
    const auto c = run.failure.cause;
    if (c != HangupCause::LOSE_RACE && c != HangupCause::NO_PICKUP) return run.failure;
  }
  return {HangupCause::NO_ANSWER, false};
}

}  // namespace ctib::call
