// Which URLs the lean client takes, and how they are split.
#include "libs/http/detail/lean_target.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace ctib::http::detail {

namespace {

bool iprefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Visible ASCII only: anything curl would have to encode or reject is left
// to curl, so both clients send the same bytes for a URL either takes.
bool plain(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

std::optional<unsigned> port_of(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return std::nullopt;
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535)
    return std::nullopt;
  return port;
}

}  // namespace

std::optional<LeanTarget> lean_target(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!iprefix(url, kScheme) || !plain(url)) return std::nullopt;
  std::string_view rest = url.substr(kScheme.size());
  const std::size_t end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, end);
  std::string_view tail = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host;
  std::string_view port_text;
  bool v6 = false;
  if (authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
      if (port_text.empty()) return std::nullopt;
    }
    v6 = true;
  } else {
    const std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return std::nullopt;
    }
  }
  unsigned port = 80;
  if (!port_text.empty()) {
    const auto parsed = port_of(port_text);
    if (!parsed) return std::nullopt;
    port = *parsed;
  }
  if (host.empty() || host.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  std::memcpy(text, host.data(), host.size());

  LeanTarget t;
  if (v6) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET6, text, &a.sin6_addr) != 1) return std::nullopt;
    std::memcpy(&t.address, &a, sizeof a);
    t.address_length = sizeof a;
  } else {
    // inet_pton takes dotted quads only: "127.1" or a name goes to curl.
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, text, &a.sin_addr) != 1) return std::nullopt;
    std::memcpy(&t.address, &a, sizeof a);
    t.address_length = sizeof a;
  }
  t.authority.assign(authority);
  t.origin = "http://" + t.authority;
  std::transform(t.origin.begin(), t.origin.end(), t.origin.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  tail = tail.substr(0, tail.find('#'));
  if (tail.empty() || tail.front() == '?') t.path = "/";
  t.path.append(tail);
  return t;
}

}  // namespace ctib::http::detail
