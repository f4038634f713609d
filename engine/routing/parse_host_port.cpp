#include <arpa/inet.h>

#include <string>

#include "engine/routing/answer_fields.hpp"
#include "libs/base/text.hpp"

namespace ctib::routing::detail {

namespace {

using Result = base::Expected<HostPort, std::string>;

bool is_ipv4(const std::string& text) {
  in_addr addr{};
  return inet_pton(AF_INET, text.c_str(), &addr) == 1;
}

bool is_ipv6(const std::string& text) {
  in6_addr addr{};
  return inet_pton(AF_INET6, text.c_str(), &addr) == 1;
}

bool is_label_char(char c) noexcept {
  // '_' is not RFC 1123, but container and Windows host names use it and
  // resolvers accept it; refusing it would only fail calls.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// RFC 1123 host name: dot-separated labels of 1-63 characters, at most 253 in
// all, no label starting or ending with '-'.
bool is_hostname(std::string_view host) noexcept {
  if (host.empty() || host.size() > 253) return false;
  std::size_t start = 0;
  while (start <= host.size()) {
    std::size_t end = host.find('.', start);
    if (end == std::string_view::npos) end = host.size();
    const std::string_view label = host.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!is_label_char(c)) return false;
    }
    start = end + 1;
  }
  return true;
}

bool looks_numeric(std::string_view host) noexcept {
  return host.find_first_not_of("0123456789.") == std::string_view::npos;
}

Result with_port(HostPort hp, std::string_view port) {
  const auto n = base::parse_int(port);
  if (port.empty() || port.front() == '-' || port.front() == '+' || !n || *n < 1 || *n > 65535) {
    return base::unexpected("port '" + std::string(port) + "' is not a number 1-65535");
  }
  hp.port = static_cast<std::uint16_t>(*n);
  return hp;
}

Result parse_bracketed(std::string_view addr) {
  const std::size_t close = addr.find(']');
  if (close == std::string_view::npos) return base::unexpected(std::string("'[' without ']'"));
  const std::string inner(addr.substr(1, close - 1));
  if (!is_ipv6(inner)) return base::unexpected("'" + inner + "' is not an IPv6 address");
  HostPort hp{"[" + inner + "]", std::nullopt, ""};
  const std::string_view rest = addr.substr(close + 1);
  if (rest.empty()) return hp;
  if (rest.front() != ':') return base::unexpected("unexpected '" + std::string(rest) + "' after ']'");
  return with_port(std::move(hp), rest.substr(1));
}

Result parse_plain(std::string_view addr) {
  const std::size_t colon = addr.find(':');
  if (colon != std::string_view::npos && addr.find(':', colon + 1) != std::string_view::npos) {
    // A bare IPv6 address is unambiguous without a port.
    if (is_ipv6(std::string(addr))) return HostPort{"[" + std::string(addr) + "]", std::nullopt, ""};
    return base::unexpected(std::string("an IPv6 address with a port needs brackets, e.g. [2001:db8::1]:5060"));
  }
  const std::string host(addr.substr(0, colon));
  if (host.empty()) return base::unexpected(std::string("no host before ':'"));
  if (looks_numeric(host) && !is_ipv4(host)) return base::unexpected("'" + host + "' is not an IPv4 address");
  if (!looks_numeric(host) && !is_hostname(host)) return base::unexpected("'" + host + "' is not a valid host name");
  HostPort hp{host, std::nullopt, ""};
  if (colon == std::string_view::npos) return hp;
  return with_port(std::move(hp), addr.substr(colon + 1));
}

}  // namespace

// `;params` after the address are kept verbatim for the Request-URI, so
// "192.0.2.10:5060;transport=tcp" works as it does after '@' in a
// FreeSWITCH sofia/<profile>/<number>@... dial string.
Result parse_host_port(std::string_view text) {
  if (text.find_first_of(" \t") != std::string_view::npos) return base::unexpected(std::string("contains a space"));
  if (text.find('@') != std::string_view::npos) {
    return base::unexpected(std::string("give only host[:port]; the user part comes from dial.number"));
  }
  if (text.size() >= 4 && base::iequals(text.substr(0, 4), "sip:")) {
    return base::unexpected(std::string("give host[:port] without the sip: scheme"));
  }
  const std::size_t semicolon = text.find(';');
  const std::string_view addr = text.substr(0, semicolon);
  if (addr.empty()) return base::unexpected(std::string("no host"));
  auto hp = addr.front() == '[' ? parse_bracketed(addr) : parse_plain(addr);
  if (hp && semicolon != std::string_view::npos) hp->params = std::string(text.substr(semicolon));
  return hp;
}

}  // namespace ctib::routing::detail
