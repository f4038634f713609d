#include "engine/digits/collector.hpp"

namespace ctib::digits {

std::string_view name(ReadResult r) noexcept {
  switch (r) {
    case ReadResult::success:
      return "success";
    case ReadResult::timeout:
      return "timeout";
    case ReadResult::failure:
      return "failure";
  }
  return "failure";
}

Collector::Collector(PlayAndGetDigits prompt) : prompt_(std::move(prompt)) {
  // The decoder compiled it once already; a pattern that compiled there
  // compiles here.
  if (prompt_.regexp) regexp_.emplace(*prompt_.regexp, std::regex::ECMAScript);
}

Step Collector::start() {
  if (state_ != State::Idle) return {};
  try_ = 1;
  return play(prompt_.file, false);
}

Step Collector::play(std::string file, bool then_prompt) {
  state_ = State::Playing;
  prompt_next_ = then_prompt;
  digits_.clear();
  Step s;
  s.kind = Step::Kind::play;
  s.file = std::move(file);
  return s;
}

Step Collector::played() {
  if (state_ != State::Playing) return {};
  if (prompt_next_) return play(prompt_.file, false);
  state_ = State::WaitFirst;
  Step s;
  s.kind = Step::Kind::wait;
  s.wait = prompt_.timeout;
  return s;
}

Step Collector::digit(char d) {
  if (state_ == State::Idle || state_ == State::Done) return {};
  const bool barge_in = state_ == State::Playing;
  state_ = State::Collecting;
  if (prompt_.terminators.find(d) != std::string::npos) return end_try();
  digits_ += d;
  if (digits_.size() >= prompt_.max_digits) return end_try();
  Step s;
  s.kind = barge_in ? Step::Kind::stop : Step::Kind::wait;
  s.wait = prompt_.digit_timeout;
  return s;
}

Step Collector::timer_fired() {
  if (state_ != State::WaitFirst && state_ != State::Collecting) return {};
  return end_try();
}

bool Collector::valid(const std::string& digits) const {
  if (digits.size() < prompt_.min_digits || digits.size() > prompt_.max_digits) return false;
  // min_digits 0 accepts an empty answer, as FreeSWITCH does.
  if (digits.empty()) return prompt_.min_digits == 0;
  return !regexp_ || std::regex_match(digits, *regexp_);
}

Step Collector::end_try() {
  std::string digits = std::move(digits_);
  digits_.clear();
  if (valid(digits)) {
    state_ = State::Done;
    Step s;
    s.kind = Step::Kind::done;
    s.outcome = Outcome{std::move(digits), ReadResult::success};
    return s;
  }
  if (!digits.empty()) entered_any_ = true;
  if (try_ >= prompt_.tries) {
    state_ = State::Done;
    Step s;
    s.kind = Step::Kind::done;
    s.outcome = Outcome{"", entered_any_ ? ReadResult::failure : ReadResult::timeout};
    return s;
  }
  ++try_;
  // Wrong input hears invalid_file first; no input just hears the prompt again.
  if (!digits.empty() && !prompt_.invalid_file.empty()) return play(prompt_.invalid_file, true);
  return play(prompt_.file, false);
}

}  // namespace ctib::digits
