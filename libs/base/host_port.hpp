#pragma once
// "host:port" as configuration files and command lines write a listening
// address: the one reading of it that the engine's [admin], the numbers
// service's [server]/[admin] and --listen, and the ctib CLI share, so that
// an address one of them accepts the others read the same way.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ctib::base {

struct HostPort {
  std::string host;  // without brackets for IPv6; may be empty (":8022")
  std::uint16_t port = 0;
};

// "host:port" (a host without ':') or "[v6]:port"; the port is decimal
// digits only, 0-65535. Whether an empty host or port 0 is acceptable is
// the caller's to say. nullopt on anything else, e.g. "::1:8022" (IPv6
// without brackets is ambiguous) or "host:+80".
std::optional<HostPort> parse_host_port(std::string_view text);

// The host as it goes back into a URL or "host:port": IPv6 in brackets.
std::string url_host(std::string_view host);

}  // namespace ctib::base
