// libFuzzer target: parse_invocation() on any data string, and the request
// builders on whatever URL it accepts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/routing/invocation.hpp"
#include "engine/routing/request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = ctib::routing::parse_invocation(text);
  if (!config) {
    if (config.error().message.empty()) __builtin_trap();
    return 0;
  }
  if (config->connect_timeout.count() < 1 || config->connect_timeout > ctib::routing::kMaxTimeout) __builtin_trap();
  ctib::routing::CallInfo call;
  call.uuid = std::string(text.substr(0, 36));
  call.caller_id_name = std::string(text);
  (void)ctib::routing::build_route_request(*config, call);
  config->method = ctib::routing::HttpMethod::Post;
  (void)ctib::routing::build_route_request(*config, call);
  return 0;
}
