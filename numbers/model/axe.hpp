#pragma once
// AXE (extension numbers, decision 0026): how the service asks the engine to
// collect an extension, and how it reads the digits back.
//
// The answer to a call on an AXE X is a play_and_get_digits dial whose
// var_name carries the round: "ctib_extension_1" for the first prompt,
// "ctib_extension_2" after one wrong extension, and so on. The engine sends
// the digits back under that name in a second routing request for the same
// uuid, so the round travels with the call itself: any instance of the
// service (several may share one PostgreSQL behind one engine) answers the
// next round right, after a restart too, without a write per round.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ctib::numbers::model {

// [axe] in the service's config (docs/numbers-service.md).
struct AxeSettings {
  std::size_t extension_length = 4;  // digits of a random extension on an X without one yet
  // Absolute path of an audio file on the rtpengine host, or a FreeSWITCH
  // tone_stream:// (the default: a short beep, "enter the extension").
  std::string prompt = "tone_stream://%(200,100,440)";
  std::string retry_prompt;    // after a wrong extension; "" = prompt
  std::string invalid_prompt;  // the engine's, when the digits do not match within a round; "" = none
  std::int64_t retries = 2;    // prompts again after a wrong or missing extension (rounds = 1 + retries <= 5)
  std::int64_t tries = 3;      // the engine's attempts within one round
  std::int64_t timeout_ms = 5000;        // for the first digit
  std::int64_t digit_timeout_ms = 3000;  // between digits
  std::string terminators = "#";
};

// The engine's limit of play_and_get_digits rounds per call.
inline constexpr std::int64_t kMaxDigitRounds = 5;

inline constexpr std::string_view kExtensionVariablePrefix = "ctib_extension_";

// "ctib_extension_<round>" for a round 1..kMaxDigitRounds.
std::string extension_variable(std::int64_t round);

// What came back in a routing request: the round the digits answer and the
// digits as entered ("" = none).
struct EnteredDigits {
  std::int64_t round = 0;
  std::string digits;
};

// The round named by a request parameter, or nullopt when `name` is not one
// of ours ("ctib_extension_" and a round 1..kMaxDigitRounds, nothing else).
std::optional<std::int64_t> extension_round(std::string_view name) noexcept;

}  // namespace ctib::numbers::model
