#include "engine/call/leg.hpp"

#include <array>

#include "engine/call/final_response.hpp"

namespace ctib::call {

using causes::HangupCause;

namespace {

constexpr std::array<std::string_view, 8> kLegStateNames{
    "Created", "Trying", "Ringing", "EarlyMedia", "Answered", "Failed", "Cancelled", "Hungup",
};

std::chrono::seconds seconds_var(const variables::Variables& vars, std::string_view name) {
  const long long s = vars.integer(name).value_or(0);
  return std::chrono::seconds(s > 0 ? s : 0);
}

// 183 without SDP counts as ring (§4.1); 181 (forwarded) is not ring-ready.
bool is_ring(int status) noexcept { return status == 180 || status == 182 || status == 183; }

}  // namespace

std::string_view name(LegState s) noexcept { return kLegStateNames.at(static_cast<std::size_t>(s)); }

OutboundLeg::OutboundLeg(std::string text, variables::Variables vars, Timers& timers,
                         RemoteStatusLog& remote_log)
    : text_(std::move(text)), vars_(std::move(vars)), timers_(timers), remote_log_(remote_log) {}

OutboundLeg::~OutboundLeg() = default;

bool OutboundLeg::up() const noexcept {
  return state_ == LegState::Trying || state_ == LegState::Ringing || state_ == LegState::EarlyMedia ||
         state_ == LegState::Answered;
}

void OutboundLeg::attach(std::unique_ptr<CalleeLeg> callee) {
  callee_ = std::move(callee);
  created_ = true;
  state_ = LegState::Trying;
  start_timers();
}

void OutboundLeg::fail_creation(HangupCause cause) {
  state_ = LegState::Failed;
  cause_ = cause;
}

void OutboundLeg::start_timers() {
  if (const auto t = seconds_var(vars_, "leg_timeout"); t.count() > 0) {
    leg_timer_ = timers_.start(t, [this] { on_leg_timeout(); });
  }
  if (const auto t = seconds_var(vars_, "leg_progress_timeout"); t.count() > 0) {
    progress_timer_ = timers_.start(t, [this] { on_leg_progress_timeout(); });
  }
}

void OutboundLeg::stop_timers() {
  // Cancelled, not destroyed: this may run inside one of their callbacks.
  if (leg_timer_) leg_timer_->cancel();
  if (progress_timer_) progress_timer_->cancel();
}

std::string OutboundLeg::reason_for(HangupCause cause) const {
  return reason_header(cause, vars_.flag("disable_q850_reason"));
}

void OutboundLeg::end(HangupCause cause) {
  if (!up()) return;
  stop_timers();
  cause_ = cause;
  if (state_ == LegState::Answered) {
    state_ = LegState::Hungup;
    timeline_note(TimelineKind::sip_out, [&] { return "BYE " + std::string(causes::name(cause)); });
    callee_->hangup(reason_for(cause));
  } else {
    state_ = LegState::Cancelled;
    timeline_note(TimelineKind::sip_out, [&] { return "CANCEL " + std::string(causes::name(cause)); });
    callee_->cancel(reason_for(cause));
  }
}

// leg_timeout: ALLOTTED_TIMEOUT, and failover goes on (§1.4).
void OutboundLeg::on_leg_timeout() {
  if (state_ == LegState::Answered) return;
  timed_out(HangupCause::ALLOTTED_TIMEOUT);
}

// leg_progress_timeout: only if the leg never rang, had early media or answered.
void OutboundLeg::on_leg_progress_timeout() {
  if (state_ != LegState::Trying) return;
  timed_out(HangupCause::PROGRESS_TIMEOUT);
}

void OutboundLeg::timed_out(HangupCause cause) {
  if (!up()) return;
  end(cause);
  if (listener_) listener_->on_leg_down(*this);
}

void OutboundLeg::on_provisional(int status, const Body* sdp) {
  if (state_ != LegState::Trying && state_ != LegState::Ringing) return;
  timeline_note(TimelineKind::sip_in,
                [&] { return std::to_string(status) + (sdp != nullptr ? " with SDP" : ""); });
  if (sdp != nullptr && (status == 180 || status == 183)) {
    // 180 with SDP is treated as 183 (§4.1).
    state_ = LegState::EarlyMedia;
    early_sdp_ = *sdp;
    if (listener_) listener_->on_leg_early_media(*this);
    return;
  }
  if (state_ == LegState::Trying && is_ring(status)) {
    state_ = LegState::Ringing;
    if (listener_) listener_->on_leg_ring(*this, status);
  }
}

void OutboundLeg::on_answer(const Body* sdp) {
  if (state_ == LegState::Cancelled) {
    // Our CANCEL crossed the far end's 200: the dialog exists, so end it.
    state_ = LegState::Hungup;
    callee_->hangup(reason_for(cause_));
    return;
  }
  if (state_ != LegState::Trying && state_ != LegState::Ringing && state_ != LegState::EarlyMedia) return;
  timeline_note(TimelineKind::sip_in, [&] { return "200"; });
  state_ = LegState::Answered;
  if (sdp != nullptr) answer_sdp_ = *sdp;
  if (listener_) listener_->on_leg_answer(*this);
}

void OutboundLeg::on_failure(int status, std::optional<int> q850) {
  if (state_ != LegState::Trying && state_ != LegState::Ringing && state_ != LegState::EarlyMedia) return;
  stop_timers();
  timeline_note(TimelineKind::sip_in, [&] { return std::to_string(status); });
  state_ = LegState::Failed;
  ended_by_remote_ = is_remote_final_status(status);
  cause_ = cause_of_failure(status, q850, vars_.flag("ignore_q850_reason"));
  // Only real far-end statuses pass to A; 3xx are followed by the adapter
  // (§6.1), so one reaching us carries no usable Contact for A.
  if (status >= 400 && is_remote_final_status(status)) remote_log_.last = status;
  if (listener_) listener_->on_leg_down(*this);
}

void OutboundLeg::on_bye(std::optional<int> q850) {
  if (state_ != LegState::Answered) return;
  timeline_note(TimelineKind::sip_in, [&] { return "BYE"; });
  state_ = LegState::Hungup;
  ended_by_remote_ = true;
  cause_ = cause_of_bye(q850, vars_.flag("ignore_q850_reason"));
  if (listener_) listener_->on_leg_down(*this);
}

// Decision 0007: a B leg whose session timer ran out ends the call with the
// cause FreeSWITCH records when a dialog ends on a 408 (timeout), by the
// switch, not the far end.
void OutboundLeg::on_session_expired() {
  if (state_ != LegState::Answered) return;
  timeline_note(TimelineKind::sip_in, [&] { return "session timer expired"; });
  state_ = LegState::Hungup;
  ended_by_remote_ = false;
  cause_ = HangupCause::RECOVERY_ON_TIMER_EXPIRE;
  if (listener_) listener_->on_leg_down(*this);
}

void OutboundLeg::on_reinvite(const Body& sdp) {
  if (state_ != LegState::Answered && state_ != LegState::EarlyMedia) return;
  if (listener_) {
    listener_->on_leg_reinvite(*this, sdp);
  } else {
    callee_->respond_reinvite(491, nullptr);
  }
}

void OutboundLeg::on_reinvite_response(int status, const Body* sdp) {
  if (!up()) return;
  if (listener_) listener_->on_leg_reinvite_response(*this, status, sdp);
}

void OutboundLeg::on_info(const Info& info) {
  if (state_ != LegState::Answered && state_ != LegState::EarlyMedia && state_ != LegState::Ringing) {
    callee_->respond_info(480, {});
    return;
  }
  if (listener_) {
    listener_->on_leg_info(*this, info);
  } else {
    callee_->respond_info(480, {});
  }
}

void OutboundLeg::on_info_response(int status, std::string_view phrase) {
  if (!up()) return;
  if (listener_) listener_->on_leg_info_response(*this, status, phrase);
}

void OutboundLeg::send_info(const Info& info) {
  if (up()) callee_->send_info(info);
}

void OutboundLeg::respond_info(int status, std::string_view phrase) {
  if (callee_) callee_->respond_info(status, phrase);
}

// A REFER needs an answered leg whose listener (the call) can act on it;
// refused 403 otherwise (decision 0015).
void OutboundLeg::on_refer(const TransferRequest& request) {
  if (state_ != LegState::Answered || listener_ == nullptr) {
    callee_->respond_transfer(403);
    return;
  }
  listener_->on_leg_refer(*this, request);
}

void OutboundLeg::respond_transfer(int status) {
  if (callee_) callee_->respond_transfer(status);
}

void OutboundLeg::notify_transfer(int status) {
  if (up()) callee_->notify_transfer(status);
}

void OutboundLeg::send_reinvite(const Body& sdp) {
  if (up()) callee_->send_reinvite(sdp);
}

void OutboundLeg::respond_reinvite(int status, const Body* sdp) {
  if (up()) callee_->respond_reinvite(status, sdp);
}

}  // namespace ctib::call
