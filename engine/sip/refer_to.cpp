// Refer-To / Referred-By parsing (refer_to.hpp). Strict on what reaches the
// routing interface and the next INVITE: a user part with control bytes, a
// host that is no host, or a port out of range is an error, not a guess.

#include "engine/sip/refer_to.hpp"

#include <cctype>

namespace ctib::sip {

namespace {

constexpr std::size_t kMaxReferTo = 1024;
constexpr std::size_t kMaxReferredBy = 512;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3261 `user`: unreserved, escaped, user-unreserved.
bool user_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u) != 0) return true;
  for (char ok : std::string_view("-_.!~*'()&=+$,;?/")) {
    if (c == ok) return true;
  }
  return false;
}

base::Expected<std::string, std::string> decode_user(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return base::unexpected(std::string("truncated %-escape in the user part"));
      const int hi = hex(raw[i + 1]);
      const int lo = hex(raw[i + 2]);
      if (hi < 0 || lo < 0) return base::unexpected(std::string("bad %-escape in the user part"));
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f) return base::unexpected(std::string("control byte in the user part"));
    } else if (!user_char(c)) {
      return base::unexpected(std::string("invalid character in the user part"));
    }
    out += c;
  }
  return out;
}

bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2)) {
      if (std::isxdigit(static_cast<unsigned char>(c)) == 0 && c != ':' && c != '.') return false;
    }
    return true;
  }
  if (host.front() == '.' || host.front() == '-') return false;
  for (char c : host) {
    if (!host_char(c)) return false;
  }
  return true;
}

// Parameters and headers: visible ASCII without the characters that would
// end or break a name-addr.
bool param_text(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '<' || c == '>' || c == '"') return false;
  }
  return true;
}

bool has_replaces(std::string_view headers) {
  while (!headers.empty()) {
    const auto amp = headers.find('&');
    const std::string_view one = headers.substr(0, amp);
    const std::string_view name = one.substr(0, one.find('='));
    if (name.size() == 8 && iequals_prefix(name, "replaces")) return true;
    if (amp == std::string_view::npos) break;
    headers.remove_prefix(amp + 1);
  }
  return false;
}

base::Expected<ReferTo, std::string> parse_uri(std::string_view uri, bool bracketed) {
  ReferTo out;
  std::string_view rest;
  if (iequals_prefix(uri, "sips:")) {
    out.sips = true;
    rest = uri.substr(5);
  } else if (iequals_prefix(uri, "sip:")) {
    rest = uri.substr(4);
  } else {
    return base::unexpected(std::string("not a sip: or sips: URI"));
  }
  std::string_view headers;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    if (!bracketed) return base::unexpected(std::string("URI headers outside <>"));
    headers = rest.substr(q + 1);
    rest = rest.substr(0, q);
    if (!param_text(headers)) return base::unexpected(std::string("invalid URI headers"));
  }
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    userinfo = userinfo.substr(0, userinfo.find(':'));  // a password is dropped
    auto user = decode_user(userinfo);
    if (!user) return base::unexpected(user.error());
    if (user->empty()) return base::unexpected(std::string("empty user part"));
    out.user = std::move(*user);
    rest = rest.substr(at + 1);
  }
  const auto semi = rest.find(';');
  std::string_view hostport = rest.substr(0, semi);
  if (semi != std::string_view::npos && !param_text(rest.substr(semi))) {
    return base::unexpected(std::string("invalid URI parameters"));
  }
  std::string_view host = hostport;
  const auto colon = hostport.rfind(':');
  if (colon != std::string_view::npos && (hostport.front() != '[' || hostport.find(']') < colon)) {
    host = hostport.substr(0, colon);
    const std::string_view digits = hostport.substr(colon + 1);
    if (digits.empty() || digits.size() > 5) return base::unexpected(std::string("invalid port"));
    unsigned port = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return base::unexpected(std::string("invalid port"));
      port = port * 10 + static_cast<unsigned>(c - '0');
    }
    if (port == 0 || port > 65535) return base::unexpected(std::string("invalid port"));
    out.port = static_cast<std::uint16_t>(port);
  }
  if (!valid_host(host)) return base::unexpected(std::string("invalid host"));
  out.host = std::string(host);
  out.replaces = has_replaces(headers);
  out.uri = std::string(uri.substr(0, uri.find('?')));
  return out;
}

}  // namespace

base::Expected<ReferTo, std::string> parse_refer_to(std::string_view value) {
  value = trim(value);
  if (value.empty()) return base::unexpected(std::string("empty Refer-To"));
  if (value.size() > kMaxReferTo) return base::unexpected(std::string("Refer-To too long"));
  const auto lt = value.find('<');
  if (lt == std::string_view::npos) {
    // addr-spec: what follows a ';' are the header's parameters (RFC 3261 §20).
    return parse_uri(trim(value.substr(0, value.find(';'))), false);
  }
  std::string_view display = trim(value.substr(0, lt));
  if (!display.empty() && display.front() == '"') {
    if (display.size() < 2 || display.back() != '"')
      return base::unexpected(std::string("unterminated display name"));
  } else if (display.find('"') != std::string_view::npos) {
    return base::unexpected(std::string("stray quote in the display name"));
  }
  const auto gt = value.find('>', lt);
  if (gt == std::string_view::npos) return base::unexpected(std::string("missing '>'"));
  const std::string_view after = trim(value.substr(gt + 1));
  if (!after.empty() && after.front() != ';') return base::unexpected(std::string("text after '>'"));
  return parse_uri(value.substr(lt + 1, gt - lt - 1), true);
}

std::optional<std::string> parse_referred_by(std::string_view value) {
  value = trim(value);
  if (value.empty() || value.size() > kMaxReferredBy) return std::nullopt;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return std::nullopt;
  }
  return std::string(value);
}

}  // namespace ctib::sip
