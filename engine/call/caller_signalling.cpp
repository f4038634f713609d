// What the A leg hears while the B legs progress (freeswitch-semantics §2.2,
// §4.2), and the progress notifications that go with it (protocol §5).
#include "engine/call/call.hpp"
#include "engine/call/recording.hpp"

namespace ctib::call {

void Call::note_progress() {
  // §4.3: B's first ring or early media is the call's progress time.
  if (!record_.progress) record_.progress = deps_.timers.wall_now();
}

void Call::notify(Progress p) {
  const auto bit = static_cast<std::size_t>(p);
  if (notified_.test(bit)) return;
  notified_.set(bit);
  static constexpr std::string_view kNames[] = {"ring", "progress", "answer"};
  if (record_.route.notify) timeline_note(TimelineKind::notify, [&] { return std::string(kNames[bit]); });
  deps_.observer.on_progress(record_, p);
}

// Ring-ready reaches A as one 180 (182 when queued), never after early media.
void Call::ring_caller(int status) {
  if (!ring_sent_ && prompt_media_) {
    // A already has early media of ours (a play_and_get_digits prompt): no
    // 180 after it, but the callee ringing is still the call's progress and
    // the interface's `ring` (an AXE record's ring time).
    ring_sent_ = true;
    note_progress();
    notify(Progress::Ring);
    return;
  }
  if (ring_sent_ || early_media_sent_) return;
  ring_sent_ = true;
  timeline_note(TimelineKind::sip_out, [&] { return std::to_string(status); });
  caller_->send_provisional(status, nullptr);
  notify(Progress::Ring);
}

// `sdp`: the winner's early SDP, or the relay's for it when anchored.
void Call::early_media_to_caller(OutboundLeg& /*winner*/, const Body* sdp) {
  note_progress();
  notify(Progress::EarlyMedia);
  early_media_sent_ = true;
  timeline_note(TimelineKind::sip_out, [&] { return sdp != nullptr ? "183 with SDP" : "183"; });
  caller_->send_provisional(183, sdp);
}

// `sdp`: the winner's answer, or the relay's for it when anchored.
void Call::answer_caller(const Body* sdp) {
  if (answer_timer_) answer_timer_->cancel();
  record_.answer = deps_.timers.wall_now();
  // Recording needs the media in the relay; a pass-through call cannot be
  // recorded and its hangup carries no file (docs/media.md "Recording").
  if (wants_recording(caller_vars_)) {
    record_.record = anchored_;
    if (!anchored_) log("ctib_record asked on a call whose media is not anchored: not recorded");
  }
  timeline_note(TimelineKind::sip_out, [&] { return "200"; });
  caller_->answer(sdp);
  notify(Progress::Answer);
  start_duration_timer();
  start_media_timer();
}

}  // namespace ctib::call
