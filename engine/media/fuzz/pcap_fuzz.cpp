// libFuzzer target: rtpengine's pcap recording goes through mix_pcap()
// (engine/media/recording_wav.cpp) before it becomes a WAV; no input may
// crash, hang or allocate past the bound, and what mixes must fit it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/media/recording_wav.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr unsigned kSeconds = 2;
  auto mixed = ctib::media::mix_pcap(std::string_view(reinterpret_cast<const char*>(data), size), kSeconds);
  if (mixed && mixed->samples.size() > kSeconds * 8000U) __builtin_trap();
  if (mixed) (void)ctib::media::wav_file(mixed->samples);
  return 0;
}
