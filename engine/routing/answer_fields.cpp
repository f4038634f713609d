#include <string>

#include "engine/routing/answer_fields.hpp"

namespace ctib::routing::detail {

namespace {

using Kind = AnswerError::Kind;

std::string path(std::string_view name) { return "dial." + std::string(name); }

std::string hex4(unsigned char c) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  return std::string("U+00") + kHex[c >> 4] + kHex[c & 0x0f];
}

// The checks every text value of `dial` gets, whatever its JSON form.
Decoded<std::string> checked_text(std::string_view name, std::string text) {
  if (text.empty()) return base::unexpected(answer_error(Kind::EmptyField, path(name) + ": is an empty string"));
  if (auto at = find_control(text)) {
    return base::unexpected(answer_error(Kind::BadText, path(name) + ": control character " +
                                                            hex4(static_cast<unsigned char>(text[*at])) +
                                                            " at byte " + std::to_string(*at)));
  }
  return text;
}

}  // namespace

AnswerError missing_field(const Json& dial, std::string_view name) {
  const auto type = dial.find("type");
  const std::string type_name = type != dial.end() && type->is_string() ? type->get<std::string>() : "?";
  return answer_error(Kind::MissingField, path(name) + ": missing, required for dial.type " + type_name);
}

// Tab is allowed (it is whitespace in SIP headers); every other C0 control
// and DEL is refused, because these values end up in SIP messages, where a CR
// or LF would inject header lines.
std::optional<std::size_t> find_control(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return i;
  }
  return std::nullopt;
}

Decoded<std::string> text_field(const Json& dial, std::string_view name) {
  const auto it = dial.find(name);
  if (it == dial.end()) return base::unexpected(missing_field(dial, name));
  if (!it->is_string()) {
    return base::unexpected(
        answer_error(Kind::WrongFieldType, path(name) + ": found " + describe(*it) + ", expected a string"));
  }
  return checked_text(name, it->get<std::string>());
}

Decoded<std::optional<std::string>> number_like_field(const Json& dial, std::string_view name) {
  const auto it = dial.find(name);
  if (it == dial.end()) return std::optional<std::string>();
  // Interfaces written in PHP or JavaScript often emit 123456 instead of
  // "123456"; a non-negative integer has exactly one text form, so accept it.
  // (Leading zeros and '+' only survive as strings.)
  if (it->is_number_unsigned()) return std::optional<std::string>(std::to_string(it->get<std::uint64_t>()));
  if (!it->is_string()) {
    return base::unexpected(answer_error(Kind::WrongFieldType, path(name) + ": found " + describe(*it) +
                                                                   ", expected a string or a whole number >= 0"));
  }
  auto text = checked_text(name, it->get<std::string>());
  if (!text) return base::unexpected(text.error());
  return std::optional<std::string>(std::move(*text));
}

}  // namespace ctib::routing::detail
