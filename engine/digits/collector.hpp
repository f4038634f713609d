#pragma once
// Collects one play_and_get_digits answer, as FreeSWITCH's
// play_and_get_digits does: play the prompt, wait `timeout` for a first
// digit, then `digit_timeout` between digits; a terminator or max_digits
// ends the try; a try whose digits are not valid (length, regexp) replays
// invalid_file then file, up to `tries` tries.
//
// State machine (docs/state-machines/digits.md):
//
//   Idle ─start─▶ Playing ─played─▶ WaitFirst ─digit─▶ Collecting ─digit─▶ Collecting
//                  │  ▲ (invalid_file, then file)  │ timer        │ terminator / max / timer
//                  │  └────────── next try ◀───────┴──────────────┘
//                  └─digit (barge-in: the prompt stops)─▶ Collecting
//   any try that ends valid, or the last try ─▶ Done
//
// Pure: no clock, no I/O. Every input returns the Step the owner carries
// out (play a file, arm the one timer, or report the outcome). The owner
// (the call core) holds one timer and replaces it on every Step that asks.
// Not thread-safe; lives on the call's loop.

#include <chrono>
#include <optional>
#include <regex>
#include <string>

#include "engine/digits/prompt.hpp"

namespace ctib::digits {

// FreeSWITCH's read_result.
enum class ReadResult { success, timeout, failure };
std::string_view name(ReadResult r) noexcept;  // "success" / "timeout" / "failure"

struct Outcome {
  std::string digits;  // the valid digits; "" unless success
  ReadResult result = ReadResult::timeout;
};

struct Step {
  enum class Kind {
    play,     // play `file` (stops what plays); call played() when it ends
    wait,     // (re)arm the timer for `wait`; call timer_fired() when it fires
    stop,     // stop the playback (barge-in), then (re)arm the timer as for wait
    done,     // the outcome is known; nothing is armed any more
    nothing,  // the input changed nothing (a digit after Done, a stale event)
  };
  Kind kind = Kind::nothing;
  std::string file;
  std::chrono::milliseconds wait{0};
  Outcome outcome;
};

class Collector {
 public:
  enum class State { Idle, Playing, WaitFirst, Collecting, Done };

  explicit Collector(PlayAndGetDigits prompt);

  Step start();
  // The file of the last play Step has been played to the end.
  Step played();
  // A DTMF digit: 0-9, *, #, A-D (upper case).
  Step digit(char d);
  Step timer_fired();

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] int tries_used() const noexcept { return try_; }

 private:
  Step end_try();
  Step play(std::string file, bool then_prompt);
  [[nodiscard]] bool valid(const std::string& digits) const;

  const PlayAndGetDigits prompt_;
  std::optional<std::regex> regexp_;
  State state_ = State::Idle;
  int try_ = 0;               // the try in progress, from 1
  bool prompt_next_ = false;  // Playing invalid_file: file follows
  bool entered_any_ = false;  // some try had digits (failure rather than timeout)
  std::string digits_;
};

}  // namespace ctib::digits
