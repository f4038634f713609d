#include "libs/base/host_port.hpp"

namespace ctib::base {

std::optional<HostPort> parse_host_port(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close == 1 || text.substr(close + 1, 1) != ":") return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  // Brackets only ever enclose the host; inside it they are typos.
  if (host.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  unsigned long number = 0;
  for (const char c : port) number = number * 10 + static_cast<unsigned long>(c - '0');
  if (number > 65535) return std::nullopt;
  return HostPort{std::string(host), static_cast<std::uint16_t>(number)};
}

std::string url_host(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return "[" + std::string(host) + "]";
  return std::string(host);
}

}  // namespace ctib::base
