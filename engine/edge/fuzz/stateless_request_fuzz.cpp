// libFuzzer: the stateless request reader and the response built from it,
// over untrusted datagrams. A response must be one message: a status line,
// header lines with no bare CR/LF, one blank line at the very end.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/edge/stateless_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view datagram(reinterpret_cast<const char*>(data), size);
  const auto request = ctib::edge::parse_stateless_request(datagram);
  if (!request) return 0;
  const std::string response =
      ctib::edge::stateless_response(*request, {403, "Forbidden", ""}, "2001:db8::1", 5060);
  if (response.rfind("SIP/2.0 403 Forbidden\r\n", 0) != 0) std::abort();
  const auto blank = response.find("\r\n\r\n");
  if (blank != response.size() - 4) std::abort();
  for (std::size_t i = 0; i < response.size(); ++i) {
    const char c = response[i];
    if (c == '\n' && (i == 0 || response[i - 1] != '\r')) std::abort();
    if (c == '\r' && (i + 1 == response.size() || response[i + 1] != '\n')) std::abort();
    if (c == '\0') std::abort();
  }
  return 0;
}
