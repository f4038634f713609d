#include "engine/call/group.hpp"

#include <algorithm>

namespace ctib::call {

using causes::HangupCause;

namespace {
// MAX_PEERS: FreeSWITCH rings at most this many legs of one group.
constexpr std::size_t kMaxPeers = 128;
}  // namespace

GroupRun::GroupRun(Dialer& dialer, Timers& timers, GroupListener& listener, const dialstring::Group& group,
                   const OriginateOptions& options, bool forked, std::size_t branch)
    : dialer_(dialer),
      timers_(timers),
      listener_(listener),
      group_(group),
      options_(options),
      forked_(forked),
      branch_(branch) {}

void GroupRun::start() {
  if (state_ != GroupState::Idle) return;
  state_ = GroupState::Running;
  timelimit_timer_ = timers_.start(options_.timelimit, [this] { on_timelimit(); });
  if (options_.progress_timeout.count() > 0) {
    progress_timer_ = timers_.start(options_.progress_timeout, [this] { on_progress_timeout(); });
  }
  create_legs();
  if (state_ == GroupState::Running && !any_up()) fail(cause_when_all_down());
}

void GroupRun::create_legs() {
  const std::size_t count = std::min(group_.legs.size(), kMaxPeers);
  for (std::size_t i = 0; i < count && state_ == GroupState::Running; ++i) {
    for (auto* leg : dialer_.create(group_.legs[i], forked_)) {
      legs_.push_back(leg);
      if (leg->up()) {
        leg->set_listener(this);
        continue;
      }
      // A creation failure matched by a fail_on_single_reject cause list
      // stops the originate at once with that cause (§2.3).
      if (options_.single_reject.mode == SingleReject::Mode::Causes &&
          options_.single_reject.matches(leg->cause())) {
        end_legs(HangupCause::NO_ANSWER);
        fail({leg->cause(), true, leg->cause(), false});
        return;
      }
    }
  }
}

bool GroupRun::any_up() const {
  return std::any_of(legs_.begin(), legs_.end(), [](const OutboundLeg* l) { return l->up(); });
}

// §1.4: the cause of the first leg in dial order whose channel was created,
// else the creation cause of the last attempted leg; NONE → ORIGINATOR_CANCEL.
GroupFailure GroupRun::cause_when_all_down() const {
  GroupFailure f;
  f.force_reason = force_reason_;
  const auto first_created =
      std::find_if(legs_.begin(), legs_.end(), [](const OutboundLeg* l) { return l->created(); });
  if (first_created != legs_.end()) {
    f.cause = (*first_created)->cause();
    f.by_remote = (*first_created)->ended_by_remote();
  } else if (!legs_.empty()) {
    f.cause = legs_.back()->cause();
  }
  if (f.cause == HangupCause::NONE || f.cause == HangupCause::SUCCESS) f.cause = HangupCause::ORIGINATOR_CANCEL;
  return f;
}

void GroupRun::stop_timers() {
  if (timelimit_timer_) timelimit_timer_->cancel();
  if (progress_timer_) progress_timer_->cancel();
}

void GroupRun::end_legs(HangupCause cause) {
  for (auto* leg : legs_) {
    leg->set_listener(nullptr);
    leg->end(cause);
  }
}

void GroupRun::fail(GroupFailure failure) {
  stop_timers();
  state_ = GroupState::Failed;
  listener_.on_group_failed(*this, failure);
}

void GroupRun::cancel(HangupCause cause) {
  if (state_ != GroupState::Running) return;
  stop_timers();
  state_ = GroupState::Failed;
  end_legs(cause);
}

void GroupRun::win(OutboundLeg& winner) {
  stop_timers();
  state_ = GroupState::Won;
  winner.stop_timers();
  winner.set_listener(nullptr);
  for (auto* leg : legs_) {
    if (leg == &winner) continue;
    leg->set_listener(nullptr);
    leg->end(HangupCause::LOSE_RACE);
  }
  listener_.on_group_won(*this, winner);
}

// originate_timeout / call_timeout: NO_ANSWER, and failover stops unless
// originate_continue_on_timeout (§1.4).
void GroupRun::on_timelimit() {
  if (state_ != GroupState::Running) return;
  end_legs(HangupCause::NO_ANSWER);
  fail({HangupCause::NO_ANSWER, !options_.continue_on_timeout, force_reason_, false});
}

// progress_timeout: no leg rang or had early media. Failover continues, but
// PROGRESS_TIMEOUT becomes the originate's cause whatever follows (§1.4).
void GroupRun::on_progress_timeout() {
  if (state_ != GroupState::Running || progressed_) return;
  end_legs(HangupCause::PROGRESS_TIMEOUT);
  fail({HangupCause::PROGRESS_TIMEOUT, false, HangupCause::PROGRESS_TIMEOUT, false});
}

void GroupRun::on_leg_ring(OutboundLeg& leg, int status) {
  if (state_ != GroupState::Running) return;
  progressed_ = true;
  listener_.on_group_ring(*this, leg, status);
}

void GroupRun::on_leg_early_media(OutboundLeg& leg) {
  if (state_ != GroupState::Running) return;
  progressed_ = true;
  if (options_.early_ok) {
    win(leg);
  } else {
    listener_.on_group_early_media(*this, leg);
  }
}

void GroupRun::on_leg_answer(OutboundLeg& leg) {
  if (state_ == GroupState::Running) win(leg);
}

void GroupRun::on_leg_down(OutboundLeg& leg) {
  if (state_ != GroupState::Running) return;
  if (leg.cause() == HangupCause::PROGRESS_TIMEOUT && !leg.ended_by_remote()) {
    force_reason_ = HangupCause::PROGRESS_TIMEOUT;  // leg_progress_timeout (§2.1)
  }
  // fail_on_single_reject (§2.3): `true` ends the group with NO_ANSWER and
  // the next group is still tried; a matching cause list also stops failover.
  if (options_.single_reject.matches(leg.cause())) {
    end_legs(HangupCause::NO_ANSWER);
    fail({HangupCause::NO_ANSWER, options_.single_reject.mode == SingleReject::Mode::Causes, force_reason_,
          false});
    return;
  }
  if (!any_up()) fail(cause_when_all_down());
}

// Before a winner exists no dialog is bridged: offers are refused.
void GroupRun::on_leg_reinvite(OutboundLeg& leg, const Body& /*sdp*/) { leg.respond_reinvite(491, nullptr); }

void GroupRun::on_leg_reinvite_response(OutboundLeg& /*leg*/, int /*status*/, const Body* /*sdp*/) {}

}  // namespace ctib::call
