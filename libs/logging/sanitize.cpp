#include "libs/logging/sanitize.hpp"

#include <cstdint>

namespace ctib::logging {

namespace {

void hex_byte(std::string& out, unsigned char b) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 0x0f];
}

// The length of the valid UTF-8 sequence starting at text[i] (2-4), or 0
// when it is not one (overlong, surrogate, beyond U+10FFFF, truncated).
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t& code) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t len = 0;
  std::uint32_t min = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2, code = b0 & 0x1fu, min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3, code = b0 & 0x0fu, min = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4, code = b0 & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    code = (code << 6) | (b & 0x3fu);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return len;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Where a query value (or a user-info password) ends inside free text.
bool ends_value(char c) {
  return c == '&' || c == '#' || c == ' ' || c == '"' || c == '\'' || c == '<' || c == '>' ||
         static_cast<unsigned char>(c) < 0x20;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0x20 && b < 0x7f) {
      out += text[i++];
      continue;
    }
    std::uint32_t code = 0;
    const std::size_t len = b < 0x80 ? 0 : utf8_sequence(text, i, code);
    // C1 controls (a terminal takes U+009B as CSI) and the line separators
    // some viewers break lines on are escaped like the ASCII controls.
    const bool harmful = len == 0 || (code >= 0x80 && code <= 0x9f) || code == 0x2028 || code == 0x2029;
    if (!harmful) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    for (std::size_t k = 0; k < (len == 0 ? 1 : len); ++k) hex_byte(out, static_cast<unsigned char>(text[i + k]));
    i += len == 0 ? 1 : len;
  }
  return out;
}

std::string mask_number(std::string_view number) {
  const std::size_t sign = number.starts_with('+') ? 1 : 0;
  const std::string_view digits = number.substr(sign);
  bool all_digits = !digits.empty();
  for (char c : digits) all_digits = all_digits && is_digit(c);
  if (!all_digits) return mask_numbers_in(number);
  std::string out(number.substr(0, sign));
  if (digits.size() >= 11) {
    out.append(digits.substr(0, 3)).append("****").append(digits.substr(digits.size() - 4));
  } else if (digits.size() >= 7) {
    out.append(digits.substr(0, 2)).append("****").append(digits.substr(digits.size() - 2));
  } else {
    out.append("****");
  }
  return out;
}

std::string mask_numbers_in(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_digit(text[end])) ++end;
    const std::string_view run = text.substr(i, end - i);
    // "%2B" before the run is a URL-encoded '+': the 'B' is no word.
    const bool encoded_plus = i >= 3 && iequals(text.substr(i - 3, 3), "%2b");
    const bool word_before = i > 0 && !encoded_plus && is_word(text[i - 1]);
    const bool word_after = end < text.size() && is_word(text[end]);
    out += run.size() >= 7 && !word_before && !word_after ? mask_number(run) : std::string(run);
    i = end;
  }
  return out;
}

std::string redact_url(std::string_view text, std::span<const std::string> names) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    out += c;
    ++i;
    if (c == '?' || c == '&') {
      const std::size_t eq = text.find('=', i);
      if (eq == std::string_view::npos) continue;
      const std::string_view name = text.substr(i, eq - i);
      bool secret = false;
      for (const auto& n : names) secret = secret || iequals(name, n);
      if (!secret) continue;
      out.append(name).append("=***");
      i = eq + 1;
      while (i < text.size() && !ends_value(text[i])) ++i;
    } else if (c == '/' && i >= 3 && text.substr(i - 3, 3) == "://") {
      // scheme://user:password@host — the password ends at the last '@'
      // before the host part ends.
      std::size_t end = i;
      while (end < text.size() && !ends_value(text[end]) && text[end] != '/' && text[end] != '?') ++end;
      const std::string_view authority = text.substr(i, end - i);
      const std::size_t at = authority.rfind('@');
      const std::size_t colon = authority.substr(0, at == std::string_view::npos ? 0 : at).find(':');
      if (at == std::string_view::npos || colon == std::string_view::npos) continue;
      out.append(authority.substr(0, colon + 1)).append("***").append(authority.substr(at));
      i = end;
    }
  }
  return out;
}

}  // namespace ctib::logging
