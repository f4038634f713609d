#pragma once
// Where a request of the lean client goes: a plain http:// URL to a literal
// IPv4 or IPv6 address, split into what the socket and the request line
// need. Any other URL (https, a host name that needs DNS, user info, bytes
// that would need encoding) is not the lean client's: AutoClient sends it
// through curl (decision 0013). Private to ctib_http.

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>

namespace ctib::http::detail {

struct LeanTarget {
  sockaddr_storage address{};
  socklen_t address_length = 0;
  std::string authority;  // "host:port" as written: the Host header
  std::string origin;     // "http://authority", lower case: the per-host key
  std::string path;       // origin-form request target ("/" at least), no fragment
};

[[nodiscard]] std::optional<LeanTarget> lean_target(std::string_view url);

}  // namespace ctib::http::detail
