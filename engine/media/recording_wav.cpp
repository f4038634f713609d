#include "engine/media/recording_wav.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

namespace ctib::media {

namespace {

constexpr std::uint32_t kRate = 8000;

struct Reader {
  std::string_view data;
  bool swapped = false;

  [[nodiscard]] std::uint32_t u32(std::size_t at) const {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data() + at);
    if (swapped)
      return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
    return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | p[0];
  }
};

std::uint16_t be16(const unsigned char* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// One RTP packet found in a pcap record.
struct RtpPacket {
  std::string source;  // IP and port the packet came from
  std::uint32_t ssrc = 0;
  std::uint32_t timestamp = 0;
  std::uint8_t payload_type = 0;
  std::string_view payload;
};

// IP (v4 or v6) + UDP + RTP; false for anything else.
bool parse_ip_packet(std::string_view ip, RtpPacket& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(ip.data());
  std::size_t udp_at = 0;
  if (ip.size() >= 20 && (p[0] >> 4) == 4) {
    const std::size_t ihl = std::size_t{p[0] & 0x0fU} * 4;
    if (ihl < 20 || ip.size() < ihl + 8 || p[9] != 17) return false;
    out.source.assign(reinterpret_cast<const char*>(p + 12), 4);
    udp_at = ihl;
  } else if (ip.size() >= 48 && (p[0] >> 4) == 6) {
    if (p[6] != 17) return false;  // no extension headers in rtpengine's own
    out.source.assign(reinterpret_cast<const char*>(p + 8), 16);
    udp_at = 40;
  } else {
    return false;
  }
  const unsigned char* udp = p + udp_at;
  const std::size_t udp_len = be16(udp + 4);
  if (udp_len < 8 || udp_at + udp_len > ip.size()) return false;
  out.source.append(reinterpret_cast<const char*>(udp), 2);
  const unsigned char* rtp = udp + 8;
  std::size_t rtp_len = udp_len - 8;
  if (rtp_len < 12 || (rtp[0] >> 6) != 2) return false;
  std::size_t header = 12 + std::size_t{rtp[0] & 0x0fU} * 4;
  if (rtp[0] & 0x10U) {  // header extension
    if (rtp_len < header + 4) return false;
    header += 4 + std::size_t{be16(rtp + header + 2)} * 4;
  }
  if (rtp[0] & 0x20U) {  // padding: the last byte counts it
    const std::size_t pad = rtp[rtp_len - 1];
    if (pad == 0 || pad > rtp_len) return false;
    rtp_len -= pad;
  }
  if (rtp_len <= header) return false;
  out.payload_type = rtp[1] & 0x7fU;
  out.timestamp = be32(rtp + 4);
  out.ssrc = be32(rtp + 8);
  out.payload = std::string_view(reinterpret_cast<const char*>(rtp + header), rtp_len - header);
  return true;
}

struct Stream {
  std::uint64_t start_sample = 0;  // where its first packet goes
  std::uint32_t first_timestamp = 0;
};

}  // namespace

std::int16_t ulaw_to_linear(std::uint8_t u) {
  u = static_cast<std::uint8_t>(~u);
  const int exponent = (u >> 4) & 0x07;
  const int mantissa = u & 0x0f;
  int sample = ((mantissa << 3) + 0x84) << exponent;
  sample -= 0x84;
  return static_cast<std::int16_t>((u & 0x80) ? -sample : sample);
}

std::int16_t alaw_to_linear(std::uint8_t a) {
  a ^= 0x55;
  const int exponent = (a >> 4) & 0x07;
  int sample = (a & 0x0f) << 4;
  sample = exponent == 0 ? sample + 8 : ((sample + 0x108) << (exponent - 1));
  return static_cast<std::int16_t>((a & 0x80) ? sample : -sample);
}

base::Expected<MixedAudio, std::string> mix_pcap(std::string_view pcap, unsigned max_seconds) {
  if (pcap.size() < 24) return base::unexpected(std::string("not a pcap file (too short)"));
  Reader r{pcap};
  const std::uint32_t magic = r.u32(0);
  bool nanos = false;
  if (magic == 0xa1b2c3d4U || magic == 0xa1b23c4dU) {
    nanos = magic == 0xa1b23c4dU;
  } else if (magic == 0xd4c3b2a1U || magic == 0x4d3cb2a1U) {
    r.swapped = true;
    nanos = magic == 0x4d3cb2a1U;
  } else {
    return base::unexpected(std::string("not a pcap file (magic)"));
  }
  const std::uint32_t link = r.u32(20) & 0xffffU;
  std::size_t link_header = 0;
  if (link == 1) {
    link_header = 14;  // Ethernet (rtpengine --recording-format=eth)
  } else if (link != 101 && link != 12) {
    return base::unexpected("pcap link type " + std::to_string(link) + " is not raw IP or Ethernet");
  }
  const std::uint64_t max_samples = std::uint64_t{max_seconds} * kRate;
  const std::uint32_t units_per_second = nanos ? 1000000000U : 1000000U;

  MixedAudio out;
  std::vector<std::int32_t> mix;
  std::map<std::tuple<std::string, std::uint32_t>, Stream> streams;
  bool have_first = false;
  std::uint64_t first_us = 0;
  std::size_t at = 24;
  while (at + 16 <= pcap.size()) {
    const std::uint64_t seconds = r.u32(at);
    const std::uint64_t fraction = r.u32(at + 4) % units_per_second;
    const std::size_t captured = r.u32(at + 8);
    at += 16;
    if (captured > pcap.size() - at) break;  // a record cut short: the file ends here
    std::string_view frame = pcap.substr(at, captured);
    at += captured;
    RtpPacket packet;
    if (frame.size() < link_header || !parse_ip_packet(frame.substr(link_header), packet) ||
        (packet.payload_type != 0 && packet.payload_type != 8)) {
      ++out.skipped;
      continue;
    }
    const std::uint64_t us = seconds * 1000000U + (nanos ? fraction / 1000U : fraction);
    if (!have_first) {
      have_first = true;
      first_us = us;
    }
    auto [it, added] = streams.try_emplace({packet.source, packet.ssrc});
    if (added) {
      it->second.start_sample = us >= first_us ? (us - first_us) * kRate / 1000000U : 0;
      it->second.first_timestamp = packet.timestamp;
    }
    // Signed distance from the stream's first timestamp: wraps, and a
    // packet a little older than the first one, are placed right.
    const auto delta = static_cast<std::int32_t>(packet.timestamp - it->second.first_timestamp);
    if (delta < 0 &&
        static_cast<std::uint64_t>(-static_cast<std::int64_t>(delta)) > it->second.start_sample) {
      ++out.skipped;
      continue;
    }
    const std::uint64_t begin =
        static_cast<std::uint64_t>(static_cast<std::int64_t>(it->second.start_sample) + delta);
    if (begin >= max_samples) {
      ++out.skipped;
      continue;
    }
    const std::uint64_t end = std::min<std::uint64_t>(begin + packet.payload.size(), max_samples);
    if (mix.size() < end) mix.resize(end, 0);
    for (std::uint64_t i = begin; i < end; ++i) {
      const auto byte = static_cast<std::uint8_t>(packet.payload[i - begin]);
      mix[i] += packet.payload_type == 0 ? ulaw_to_linear(byte) : alaw_to_linear(byte);
    }
    ++out.packets;
  }
  out.streams = streams.size();
  out.samples.reserve(mix.size());
  for (std::int32_t s : mix) out.samples.push_back(static_cast<std::int16_t>(std::clamp(s, -32768, 32767)));
  return out;
}

std::string wav_file(const std::vector<std::int16_t>& samples) {
  const std::uint32_t data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
  std::string out;
  out.reserve(44 + data_bytes);
  auto u32 = [&out](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xffU));
  };
  auto u16 = [&out](std::uint16_t v) {
    out.push_back(static_cast<char>(v & 0xffU));
    out.push_back(static_cast<char>(v >> 8));
  };
  out += "RIFF";
  u32(36 + data_bytes);
  out += "WAVEfmt ";
  u32(16);
  u16(1);  // PCM
  u16(1);  // mono
  u32(kRate);
  u32(kRate * 2);  // bytes per second
  u16(2);          // block align
  u16(16);         // bits per sample
  out += "data";
  u32(data_bytes);
  for (std::int16_t s : samples) u16(static_cast<std::uint16_t>(s));
  return out;
}

}  // namespace ctib::media
