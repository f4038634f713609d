// parse_host_port on any bytes: never crashes, and what it accepts reads
// back the same through url_host().
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libs/base/host_port.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = ctib::base::parse_host_port(text);
  if (!parsed) return 0;
  const std::string again = ctib::base::url_host(parsed->host) + ":" + std::to_string(parsed->port);
  const auto reread = ctib::base::parse_host_port(again);
  if (!reread || reread->host != parsed->host || reread->port != parsed->port) std::abort();
  return 0;
}
