// libFuzzer target: any INFO body (first byte chooses the content type)
// goes through parse_dtmf_info(); it may not crash, and what it accepts is
// a DTMF character.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/digits/dtmf_info.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view type = (data[0] & 1) != 0 ? "application/dtmf-relay" : "Application/DTMF; x=1";
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (auto d = ctib::digits::parse_dtmf_info(type, body)) {
    if (std::string_view("0123456789*#ABCD").find(*d) == std::string_view::npos) __builtin_trap();
  }
  return 0;
}
