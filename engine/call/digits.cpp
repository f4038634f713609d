// play_and_get_digits (docs/protocol.md §2.1.2, docs/media.md "Prompts and
// digits"): the caller hears a prompt from the media relay as early media
// and its DTMF digits are collected (digits::Collector decides, this file
// plays, times and reports); then the interface is asked again, for the
// same uuid, with the digits.
//
// Media: the caller's offer goes to the relay as for a dialled call (side
// "a"), and a stand-in answer for side "b" (every codec of the relay's
// offer, RTP to the discard port 9 of 127.0.0.1) gives A the relay's SDP in
// a 183. Prompts then play to side "a"; the relay reports the RFC 2833
// digits A sends (--dtmf-log-dest, engine/media/dtmf_listener). The B legs
// dialled afterwards get the relay's offer made here; the winner's answer
// replaces the stand-in.
#include <algorithm>

#include "engine/call/call.hpp"
#include "engine/call/final_response.hpp"

namespace ctib::call {

using causes::HangupCause;

namespace {

constexpr const char* kCaller = "a";
constexpr const char* kCallee = "b";

// FreeSWITCH ends a call whose dialplan keeps transferring it with
// EXCHANGE_ROUTING_ERROR; five prompts in a row are already a long menu.
constexpr int kMaxDigitRounds = 5;

// An answer to the relay's offer that accepts every codec and sends B's
// side of the media nowhere useful: 127.0.0.1 port 9 (discard). Other media
// lines than the first audio one are refused (port 0), as RFC 3264 answers do.
std::string stand_in_answer(std::string_view offer) {
  std::string out = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
  bool audio_done = false;
  bool in_audio = false;
  std::size_t pos = 0;
  while (pos < offer.size()) {
    std::size_t end = offer.find('\n', pos);
    if (end == std::string_view::npos) end = offer.size();
    std::string_view line = offer.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, 2) == "m=") {
      // m=<media> <port> <proto> <formats...>
      const auto sp1 = line.find(' ');
      const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
      if (sp2 == std::string_view::npos) continue;
      const std::string_view media = line.substr(2, sp1 - 2);
      const std::string_view rest = line.substr(sp2);  // " <proto> <formats>"
      in_audio = media == "audio" && !audio_done;
      if (in_audio) audio_done = true;
      out += "m=" + std::string(media) + (in_audio ? " 9" : " 0") + std::string(rest) + "\r\n";
      if (in_audio) out += "a=sendrecv\r\n";
      continue;
    }
    if (in_audio && (line.substr(0, 9) == "a=rtpmap:" || line.substr(0, 7) == "a=fmtp:" ||
                     line.substr(0, 7) == "a=ptime")) {
      out += std::string(line) + "\r\n";
    }
  }
  return out;
}

}  // namespace

void Call::on_caller_digit(char digit) {
  CallEvent e(Event::CallerDigit);
  e.digit = digit;
  dispatch(e);
}

// Routing: the answer is play_and_get_digits.
void Call::start_collecting(const routing::PlayAndGetDigitsDial& dial) {
  if (++digit_rounds_ > kMaxDigitRounds) {
    log("play_and_get_digits: more than " + std::to_string(kMaxDigitRounds) + " rounds, ending the call");
    return end_unanswered(HangupCause::EXCHANGE_ROUTING_ERROR, HangupBy::System);
  }
  // The anchoring choice is made once per call, here or at the first dial.
  if (!media_decided_) {
    media_decided_ = true;
    if (!wants_anchor()) {
      log("play_and_get_digits needs anchored media ([media], bypass_media false, an SDP offer)");
      return end_unanswered(HangupCause::DESTINATION_OUT_OF_ORDER, HangupBy::System);
    }
  } else if (!anchored_) {
    log("play_and_get_digits needs anchored media; this call passes media through");
    return end_unanswered(HangupCause::DESTINATION_OUT_OF_ORDER, HangupBy::System);
  }
  state_ = State::CollectingDigits;
  digits_var_ = dial.prompt.var_name;
  collector_.emplace(dial.prompt);
  timeline_note(TimelineKind::sip_out, [&] { return "play_and_get_digits " + dial.prompt.file; });
  if (prompt_media_) return run(collector_->start());
  media_step(MediaStep::Kind::offer, kCaller, "", *invite_.sdp, MediaWait::PromptOffer);
}

void Call::prompt_media_ready(const CallEvent& e) {
  if (!*e.media) return collecting_failed("media relay failed: " + e.media->error().detail);
  if (media_wait_ == MediaWait::PromptOffer) {
    media_offer_ = anchored_body(*e.media);  // what the B legs get later
    const Body answer{media_offer_->content_type, stand_in_answer(media_offer_->payload)};
    return media_step(MediaStep::Kind::answer, kCaller, kCallee, answer, MediaWait::PromptAnswer);
  }
  if (media_wait_ != MediaWait::PromptAnswer) return;
  media_wait_ = MediaWait::None;
  prompt_media_ = true;
  // FreeSWITCH pre-answers for playback: here the prompt is early media.
  const Body sdp = anchored_body(*e.media);
  note_progress();
  early_media_sent_ = true;
  timeline_note(TimelineKind::sip_out, [&] { return "183 with SDP (prompt)"; });
  caller_->send_provisional(183, &sdp);
  run(collector_->start());
}

// Carries out what the collector asks for.
void Call::run(const digits::Step& step) {
  using Kind = digits::Step::Kind;
  switch (step.kind) {
    case Kind::play:
      if (digits_timer_) digits_timer_->cancel();
      timeline_note(TimelineKind::sip_out, [&] { return "play " + step.file; });
      if (!play_requests_.empty()) play_requests_.back()->cancel();
      play_requests_.push_back(deps_.media->play(uuid_, kCaller, step.file, [this](PlayResult r) {
        CallEvent e(Event::PlayStarted);
        e.play = &r;
        dispatch(e);
      }));
      return;
    case Kind::stop:
      deps_.media->stop_playing(uuid_, kCaller);
      if (!play_requests_.empty()) play_requests_.back()->cancel();
      [[fallthrough]];
    case Kind::wait:
      return arm_digits_timer(step.wait, [this] { dispatch(CallEvent(Event::DigitsTimer)); });
    case Kind::done:
      return collected(step.outcome);
    case Kind::nothing:
      return;
  }
}

// The timer being replaced may be the one whose callback runs now: it is
// kept one more round instead of being destroyed inside its own callback.
void Call::arm_digits_timer(std::chrono::milliseconds after, std::function<void()> fire) {
  if (digits_timer_) digits_timer_->cancel();
  retired_digits_timer_ = std::move(digits_timer_);
  digits_timer_ = deps_.timers.start(after, std::move(fire));
}

void Call::on_collecting_digits(const CallEvent& e) {
  switch (e.kind) {
    case Event::MediaDone:
      return prompt_media_ready(e);
    case Event::PlayStarted: {
      if (!*e.play) return collecting_failed("playing the prompt failed: " + e.play->error().detail);
      // The prompt's end is the relay's own count of its length.
      return arm_digits_timer(e.play->value(), [this] {
        if (collector_) run(collector_->played());
      });
    }
    case Event::DigitsTimer:
      if (collector_) run(collector_->timer_fired());
      return;
    case Event::CallerDigit:
      timeline_note(TimelineKind::sip_in, [&] { return std::string("DTMF ") + e.digit; });
      if (collector_) run(collector_->digit(e.digit));
      return;
    case Event::CallerCancel:
    case Event::CallerBye:
      stop_collecting();
      return end_unanswered(HangupCause::ORIGINATOR_CANCEL, HangupBy::Caller);
    case Event::CallerReinvite:
      caller_->respond_reinvite(491, nullptr);
      return;
    default:
      return;
  }
}

// The round is over: the prompt stops and the interface is asked again.
void Call::collected(const digits::Outcome& outcome) {
  stop_collecting();
  deps_.media->stop_playing(uuid_, kCaller);
  digits_info_ = routing::DigitsInfo{digits_var_, outcome.digits, std::string(digits::name(outcome.result))};
  log("play_and_get_digits: " + digits_var_ + "=" + outcome.digits +
      " read_result=" + digits_info_->read_result);
  // The answer to this request is handled as a first answer (route_answer.cpp),
  // to the route asked last; a fallback route already asked is not asked again.
  state_ = State::Routing;
  send_route_query();
}

void Call::stop_collecting() {
  collector_.reset();
  if (digits_timer_) digits_timer_->cancel();
  for (auto& p : play_requests_) p->cancel();
}

// The relay could not give A the prompt: the call ends as when it fails on
// a dialled call's media (failure-cause, docs/media.md).
void Call::collecting_failed(const std::string& detail) {
  log("play_and_get_digits: " + detail);
  stop_collecting();
  end_unanswered(settings_.media.failure_cause, HangupBy::System);
}

}  // namespace ctib::call
