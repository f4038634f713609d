// libFuzzer target: any datagram on the ng socket goes through
// decode_datagram() and parse_reply(); neither may crash, hang or throw, and
// whatever decodes must encode back to the same bytes (bencode is canonical
// for what we accept).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/media/ng_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto datagram = ctib::media::decode_datagram(text);
  if (!datagram) {
    if (datagram.error().detail.empty()) __builtin_trap();
    return 0;
  }
  const auto body = text.substr(datagram->cookie.size() + 1);
  if (ctib::media::encode(datagram->body) != body) __builtin_trap();
  (void)ctib::media::parse_reply(datagram->body);
  (void)ctib::media::rtp_packets_from(datagram->body, "a");
  return 0;
}
