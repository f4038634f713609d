#pragma once
// What a play_and_get_digits routing answer asks for (docs/protocol.md
// §2.1.2): FreeSWITCH's play_and_get_digits parameters, typed. Built only by
// the routing answer decoder, which checks every bound below.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace ctib::digits {

// Bounds the decoder enforces: a prompt reads a PIN or an extension, and
// one routing answer must not make the engine hold a call for hours or
// match an unbounded pattern.
inline constexpr std::size_t kMaxDigits = 128;
inline constexpr int kMaxTries = 10;
inline constexpr std::chrono::milliseconds kMaxTimeout{600'000};
inline constexpr std::size_t kMaxRegexpBytes = 256;

struct PlayAndGetDigits {
  std::size_t min_digits = 0;
  std::size_t max_digits = 1;
  int tries = 1;
  // Wait for the first digit after the prompt ended, and between digits.
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds digit_timeout{5000};
  std::string terminators = "#";  // any of these ends a try; not part of the digits
  std::string file;               // the prompt: an absolute path the media relay reads
  std::string invalid_file;       // played before `file` again after invalid input; "" = none
  std::string var_name = "ctib_digits";
  // ECMAScript, full match; checked to compile by the decoder.
  std::optional<std::string> regexp;
  friend bool operator==(const PlayAndGetDigits&, const PlayAndGetDigits&) = default;
};

}  // namespace ctib::digits
