#include "engine/digits/dtmf_info.hpp"

#include <cctype>

namespace ctib::digits {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::optional<char> digit_of(std::string_view value) {
  value = trim(value);
  if (value == "10") return '*';
  if (value == "11") return '#';
  if (value.size() != 1) return std::nullopt;
  const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(value[0])));
  if ((c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D')) return c;
  return std::nullopt;
}

}  // namespace

std::optional<char> parse_dtmf_info(std::string_view content_type, std::string_view body) {
  const std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  if (iequals(type, "application/dtmf")) return digit_of(body);
  if (!iequals(type, "application/dtmf-relay")) return std::nullopt;
  // "Signal=<digit>" on a line of its own; other lines (Duration) ignored.
  while (!body.empty()) {
    const auto eol = body.find('\n');
    std::string_view line = trim(body.substr(0, eol));
    body = eol == std::string_view::npos ? std::string_view() : body.substr(eol + 1);
    const auto eq = line.find('=');
    if (eq != std::string_view::npos && iequals(trim(line.substr(0, eq)), "Signal"))
      return digit_of(line.substr(eq + 1));
  }
  return std::nullopt;
}

}  // namespace ctib::digits
