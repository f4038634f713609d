// libFuzzer target for the SDP codec filter (absolute_codec_string). The SDP
// comes from the caller, so it is untrusted: the filter must never crash or
// read out of bounds, and must only remove lines or rewrite m= lines.
//
// Input: the codec list, a NUL byte, then the SDP.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/call/sdp_codecs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto split = input.find('\0');
  std::string_view codecs = split == std::string_view::npos ? std::string_view("PCMA,PCMU") : input.substr(0, split);
  std::string_view sdp = split == std::string_view::npos ? input : input.substr(split + 1);
  (void)ctib::call::parse_codec_list(codecs);
  auto filtered = ctib::call::filter_codecs(sdp, codecs);
  if (filtered) {
    // Filtering removes lines and rewrites m= lines, nothing else: every other
    // line of the result stands in the offer (without its line ending).
    std::string_view out = *filtered;
    while (!out.empty()) {
      auto eol = out.find('\n');
      std::string_view line = out.substr(0, eol);
      while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.substr(0, 2) != "m=" && sdp.find(line) == std::string_view::npos) std::abort();
      if (eol == std::string_view::npos) break;
      out.remove_prefix(eol + 1);
    }
  }
  return 0;
}
