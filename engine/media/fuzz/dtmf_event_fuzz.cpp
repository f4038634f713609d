// libFuzzer target: any datagram on the DTMF socket goes through
// parse_dtmf_event(); it may not crash, hang or throw, and what it accepts
// is a digit with a call id.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/media/dtmf_event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto event = ctib::media::parse_dtmf_event(text);
  if (event && (event->call_id.empty() || event->digit == 0)) __builtin_trap();
  return 0;
}
