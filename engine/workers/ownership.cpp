#include "engine/workers/ownership.hpp"

#include <cctype>

namespace ctib::workers {

namespace {

bool blank(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && (blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> call_id_of(std::string_view datagram) noexcept {
  // Skip the start line (request or status line); headers follow, one a
  // line, up to the empty line. LF alone is accepted as sofia accepts it.
  auto eol = datagram.find('\n');
  if (eol == std::string_view::npos) return std::nullopt;
  std::string_view rest = datagram.substr(eol + 1);
  while (!rest.empty()) {
    eol = rest.find('\n');
    const std::string_view line = rest.substr(0, eol);
    const std::string_view next = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    if (line.empty() || line == "\r") return std::nullopt;  // end of headers, no Call-ID
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && !blank(line.front())) {
      const std::string_view name = trim(line.substr(0, colon));
      if (same_name(name, "call-id") || same_name(name, "i")) {
        // A folded Call-ID (continued on the next line) is not read: no owner.
        if (!next.empty() && blank(next.front())) return std::nullopt;
        const std::string_view value = trim(line.substr(colon + 1));
        if (value.empty()) return std::nullopt;
        return value;
      }
    }
    if (eol == std::string_view::npos) return std::nullopt;
    rest = next;
  }
  return std::nullopt;
}

std::uint32_t call_id_hash(std::string_view call_id) noexcept {
  std::uint32_t h = 2166136261u;
  for (const char c : call_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

}  // namespace ctib::workers
