#pragma once
// rtpengine's pcap recording of a call turned into one mixed mono WAV
// (docs/media.md "Recording", decision 0023).
//
// rtpengine 10.5 run without its kernel module (--table=-1) can only record
// with --recording-method=pcap: one pcap per call holding every RTP packet
// it received from both sides (LINKTYPE_RAW with --recording-format=raw,
// Ethernet with =eth). The pcap is read here as untrusted input: anything
// that is not IPv4/IPv6 + UDP + RTP with G.711 (PT 0 PCMU, PT 8 PCMA) is
// skipped and counted, never trusted for sizes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/expected.hpp"

namespace ctib::media {

struct MixedAudio {
  std::vector<std::int16_t> samples;  // 8 kHz mono, linear PCM
  std::size_t streams = 0;            // RTP streams mixed (SSRC and source)
  std::size_t packets = 0;            // G.711 packets mixed
  std::size_t skipped = 0;            // records that were not G.711 RTP
};

// Each stream is placed at its first packet's arrival time (relative to the
// first packet in the file), later packets by their RTP timestamp, so the
// file's jitter does not stretch the audio. The result ends with the last
// packet; longer than `max_seconds` is cut there (a bound on memory).
base::Expected<MixedAudio, std::string> mix_pcap(std::string_view pcap, unsigned max_seconds);

// A RIFF/WAVE file: PCM, 16 bits, one channel, 8000 Hz.
std::string wav_file(const std::vector<std::int16_t>& samples);

// G.711 to linear (ITU-T G.711, as every softswitch decodes it).
std::int16_t ulaw_to_linear(std::uint8_t u);
std::int16_t alaw_to_linear(std::uint8_t a);

}  // namespace ctib::media
