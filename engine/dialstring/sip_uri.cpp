#include "engine/dialstring/sip_uri.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "libs/base/text.hpp"

namespace ctib::dialstring {

namespace {

using Result = base::Expected<SipUri, std::string>;

bool is_host_name_byte(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_';
}

bool is_ipv6_byte(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// host part: "[v6]" or a name; returns the length taken, 0 when invalid.
std::size_t take_host(std::string_view s) noexcept {
  if (!s.empty() && s.front() == '[') {
    const std::size_t close = s.find(']');
    if (close == std::string_view::npos || close < 3) return 0;  // "[::]" is the shortest
    const std::string_view inside = s.substr(1, close - 1);
    return std::all_of(inside.begin(), inside.end(), is_ipv6_byte) ? close + 1 : 0;
  }
  std::size_t n = 0;
  while (n < s.size() && is_host_name_byte(s[n])) ++n;
  return n;
}

std::optional<std::uint16_t> parse_port(std::string_view digits) noexcept {
  unsigned value = 0;
  const char* last = digits.data() + digits.size();
  auto [ptr, ec] = std::from_chars(digits.data(), last, value);
  if (digits.empty() || ec != std::errc() || ptr != last || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// host[:port][;params|?headers] into uri.
std::optional<std::string> parse_host_port(std::string_view s, SipUri& uri) {
  const std::size_t host_len = take_host(s);
  if (host_len == 0) return s.empty() || s.front() == ':' || s.front() == ';' ? "empty host" : "bad host";
  uri.host.assign(s.substr(0, host_len));
  s.remove_prefix(host_len);
  if (!s.empty() && s.front() == ':') {
    const std::size_t end = std::min(s.find_first_of(";?"), s.size());
    const auto port = parse_port(s.substr(1, end - 1));
    if (!port) return "bad port " + quoted(s.substr(1, end - 1));
    uri.port = port;
    s.remove_prefix(end);
  }
  if (!s.empty() && s.front() != ';' && s.front() != '?') return "bad host";
  uri.params.assign(s);
  return std::nullopt;
}

}  // namespace

bool is_forbidden_uri_byte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7f;
}

bool has_forbidden_uri_byte(std::string_view s) noexcept {
  return std::any_of(s.begin(), s.end(), is_forbidden_uri_byte);
}

base::Expected<SipUri, std::string> parse_sip_uri(std::string_view text) {
  if (has_forbidden_uri_byte(text)) return base::unexpected("control character or space in " + quoted(text));
  SipUri uri;
  std::string_view rest = text;
  bool user_required = true;
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos && (base::iequals(text.substr(0, colon), "sip") ||
                                          base::iequals(text.substr(0, colon), "sips"))) {
    uri.scheme = base::to_lower(text.substr(0, colon));
    rest.remove_prefix(colon + 1);
    user_required = false;
  }
  // The first '@' ends the user part, as sofia_outgoing_channel()'s strchr().
  const std::size_t at = rest.find('@');
  if (at == std::string_view::npos) {
    if (user_required) return base::unexpected("no '@' in " + quoted(text));
  } else {
    uri.user.assign(rest.substr(0, at));
    if (uri.user.empty()) return base::unexpected("empty user in " + quoted(text));
    rest.remove_prefix(at + 1);
  }
  if (auto error = parse_host_port(rest, uri)) return base::unexpected(*error + " in " + quoted(text));
  return uri;
}

std::string SipUri::transport() const {
  std::string_view rest = params;
  const std::size_t headers = rest.find('?');
  if (headers != std::string_view::npos) rest = rest.substr(0, headers);
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the ';'
    const std::size_t next = std::min(rest.find(';'), rest.size());
    const std::string_view param = rest.substr(0, next);
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && base::iequals(param.substr(0, eq), "transport")) {
      return base::to_lower(param.substr(eq + 1));
    }
    rest.remove_prefix(next);
  }
  return {};
}

std::string SipUri::to_string() const {
  std::string out = scheme + ":";
  if (!user.empty()) out += user + "@";
  out += host;
  if (port) out += ":" + std::to_string(*port);
  out += params;
  return out;
}

}  // namespace ctib::dialstring
