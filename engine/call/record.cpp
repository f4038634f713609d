// Ending the call: the A leg's final response or BYE (freeswitch-semantics
// §3.3), the hangup record (protocol §5), and on_finished.
#include "engine/call/call.hpp"
#include "engine/call/final_response.hpp"

namespace ctib::call {

using causes::HangupCause;

// §3.3.4: a caller CANCEL always gets 487; otherwise the last B leg's remote
// status passes through unless sip_ignore_remote_cause.
void Call::end_unanswered(HangupCause cause, HangupBy by) {
  const int status = cause == HangupCause::ORIGINATOR_CANCEL && by == HangupBy::Caller
                         ? 487
                         : refusal_status(cause, dialer_.remote_log().last,
                                          caller_vars_.flag("sip_ignore_remote_cause"));
  refuse_caller(status, cause, by);
}

void Call::refuse_caller(int status, HangupCause cause, HangupBy by) {
  timeline_note(TimelineKind::sip_out, [&] { return std::to_string(status); });
  caller_->refuse(status, reason_header(cause, caller_vars_.flag("disable_q850_reason")));
  finish(cause, by, status);
}

void Call::end_answered(HangupCause cause, HangupBy by) { finish(cause, by, 200); }

void Call::system_hangup(HangupCause cause) {
  if (state_ != State::Answered) return refuse_caller(causes::to_sip(cause), cause, HangupBy::System);
  timeline_note(TimelineKind::sip_out, [&] { return "BYE " + std::string(causes::name(cause)); });
  hangup_caller_side(cause);
  end_answered(cause, HangupBy::System);  // finish() ends the B leg with the same cause
}

void Call::finish(HangupCause cause, HangupBy by, int sip_status) {
  state_ = State::Done;
  cancel_route_request();
  if (answer_timer_) answer_timer_->cancel();
  if (duration_timer_) duration_timer_->cancel();
  if (originate_) originate_->cancel(cause);
  dialer_.end_all(cause);  // nothing may be left ringing
  if (media_timer_) media_timer_->cancel();
  if (activity_request_) activity_request_->cancel();
  release_media();         // every way a call ends deletes its relay session
  record_.end = deps_.timers.wall_now();
  record_.cause = cause;
  record_.sip_term_status = record_.answer ? 200 : sip_status;
  record_.hangup_by = by;
  if (record_.dialed.empty()) record_.dialed = dialer_.last_attempted();
  static constexpr std::string_view kBy[] = {"caller", "callee", "system"};
  timeline_note(TimelineKind::hangup, [&] {
    return std::string(causes::name(cause)) + " sip " + std::to_string(record_.sip_term_status) + " by " +
           std::string(kBy[static_cast<std::size_t>(by)]);
  });
  if (route_sent_ && record_.route.notify) timeline_note(TimelineKind::notify, [&] { return "hangup"; });
  if (route_sent_) deps_.observer.on_hangup(record_);
  if (on_finished_) on_finished_();
}

void Call::log(const std::string& line) const {
  if (deps_.log) deps_.log(line);
}

}  // namespace ctib::call
