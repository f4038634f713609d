// dial.type = play_and_get_digits (docs/protocol.md §2.1.2): FreeSWITCH's
// play_and_get_digits parameters, each checked here so the call core and
// the collector only ever see a usable prompt.
#include <charconv>
#include <regex>
#include <string>

#include "engine/digits/tone.hpp"
#include "engine/routing/answer_fields.hpp"

namespace ctib::routing::detail {

namespace {

using Kind = AnswerError::Kind;

AnswerError bad(std::string_view name, const std::string& what) {
  return answer_error(Kind::BadDigitsParameter, "dial." + std::string(name) + ": " + what);
}

// A whole number as a JSON integer or a string of digits, within [low, high].
Decoded<std::optional<long long>> whole_number(const Json& dial, std::string_view name, long long low,
                                               long long high) {
  auto text = number_like_field(dial, name);
  if (!text) return base::unexpected(text.error());
  if (!*text) return std::optional<long long>();
  const std::string& digits = **text;
  long long value = 0;
  const auto* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (digits.empty() || ec != std::errc() || ptr != end || value < low || value > high) {
    return base::unexpected(bad(name, describe(Json(digits)) + " is not a whole number from " +
                                          std::to_string(low) + " to " + std::to_string(high)));
  }
  return std::optional<long long>(value);
}

// An absolute path the media relay (on the same host) reads, or
// FreeSWITCH's tone_stream://%(on,off,freq[,freq2]), which the media
// adapter renders to a file.
Decoded<std::string> audio_file(const Json& dial, std::string_view name) {
  auto file = text_field(dial, name);
  if (!file) return base::unexpected(file.error());
  if (file->starts_with(digits::kToneStreamPrefix)) {
    if (!digits::parse_tone_stream(*file)) {
      return base::unexpected(bad(name, describe(Json(*file)) +
                                            " is not tone_stream://%(on_ms,off_ms,freq[,freq2]) "
                                            "(ms up to 10000, Hz 1-4000)"));
    }
    return std::move(*file);
  }
  if (file->front() != '/') {
    return base::unexpected(bad(
        name,
        describe(Json(*file)) + " is neither an absolute path of an audio file nor tone_stream://%(...)"));
  }
  return std::move(*file);
}

bool is_variable_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// std::regex builds one NFA state per repetition: "(((1{99}){99}){99})"
// would cost a million states from 20 bytes. The product of every bound
// written in braces stays small for any pattern a digit string needs.
bool repetitions_bounded(std::string_view re) {
  constexpr long long kMaxProduct = 4096;
  long long product = 1;
  long long current = 0;
  bool in_braces = false;
  for (const char c : re) {
    if (c == '{') {
      in_braces = true;
      current = 0;
    } else if (in_braces && c >= '0' && c <= '9') {
      current = current * 10 + (c - '0');
      if (current > kMaxProduct) return false;
    } else if (in_braces && (c == ',' || c == '}')) {
      product *= current > 0 ? current : 1;
      if (product > kMaxProduct) return false;
      current = 0;
      if (c == '}') in_braces = false;
    }
  }
  return true;
}

bool is_dtmf(char c) {
  return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D');
}

}  // namespace

Decoded<Dial> decode_play_and_get_digits(const Json& dial, const DialContext& /*context*/) {
  digits::PlayAndGetDigits p;
  const auto max_ms = digits::kMaxTimeout.count();

  auto min = whole_number(dial, "min_digits", 0, digits::kMaxDigits);
  if (!min) return base::unexpected(min.error());
  if (!*min) return base::unexpected(missing_field(dial, "min_digits"));
  auto max = whole_number(dial, "max_digits", 1, digits::kMaxDigits);
  if (!max) return base::unexpected(max.error());
  if (!*max) return base::unexpected(missing_field(dial, "max_digits"));
  if (**min > **max) {
    return base::unexpected(
        bad("min_digits", std::to_string(**min) + " is above max_digits " + std::to_string(**max)));
  }
  p.min_digits = static_cast<std::size_t>(**min);
  p.max_digits = static_cast<std::size_t>(**max);

  auto tries = whole_number(dial, "tries", 1, digits::kMaxTries);
  if (!tries) return base::unexpected(tries.error());
  p.tries = static_cast<int>(tries->value_or(1));
  auto timeout = whole_number(dial, "timeout", 1, max_ms);
  if (!timeout) return base::unexpected(timeout.error());
  p.timeout = std::chrono::milliseconds(timeout->value_or(5000));
  auto digit_timeout = whole_number(dial, "digit_timeout", 1, max_ms);
  if (!digit_timeout) return base::unexpected(digit_timeout.error());
  p.digit_timeout = digit_timeout->has_value() ? std::chrono::milliseconds(**digit_timeout) : p.timeout;

  auto file = audio_file(dial, "file");
  if (!file) return base::unexpected(file.error());
  p.file = std::move(*file);
  if (dial.contains("invalid_file")) {
    auto invalid = audio_file(dial, "invalid_file");
    if (!invalid) return base::unexpected(invalid.error());
    p.invalid_file = std::move(*invalid);
  }

  if (const auto it = dial.find("terminators"); it != dial.end()) {
    if (!it->is_string()) {
      return base::unexpected(answer_error(
          Kind::WrongFieldType, "dial.terminators: found " + describe(*it) + ", expected a string"));
    }
    const auto& text = it->get_ref<const std::string&>();
    // FreeSWITCH's "none" means no terminator.
    p.terminators = text == "none" ? "" : text;
    for (const char c : p.terminators) {
      if (!is_dtmf(c))
        return base::unexpected(bad("terminators", describe(*it) + " holds a non-DTMF character"));
    }
  }
  if (dial.contains("var_name")) {
    auto var = text_field(dial, "var_name");
    if (!var) return base::unexpected(var.error());
    // The fixed parameters of the request it is sent in keep their meaning.
    if (*var == "action" || *var == "uuid" || *var == "read_result") {
      return base::unexpected(
          bad("var_name", describe(Json(*var)) + " is a parameter of the routing request"));
    }
    if (!is_variable_name(*var)) {
      return base::unexpected(
          bad("var_name", describe(Json(*var)) + " is not a name of letters, digits and _"));
    }
    p.var_name = std::move(*var);
  }
  if (dial.contains("regexp")) {
    auto re = text_field(dial, "regexp");
    if (!re) return base::unexpected(re.error());
    if (re->size() > digits::kMaxRegexpBytes) {
      return base::unexpected(
          bad("regexp", "longer than " + std::to_string(digits::kMaxRegexpBytes) + " bytes"));
    }
    if (!repetitions_bounded(*re)) {
      return base::unexpected(
          bad("regexp", describe(Json(*re)) + " repeats too much (braces multiply above 4096)"));
    }
    try {
      std::regex compiled(*re, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return base::unexpected(bad("regexp", describe(Json(*re)) + " does not compile: " + e.what()));
    }
    p.regexp = std::move(*re);
  }
  return Dial(PlayAndGetDigitsDial{std::move(p)});
}

}  // namespace ctib::routing::detail
