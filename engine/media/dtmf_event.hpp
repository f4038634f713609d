#pragma once
// rtpengine's DTMF log (`--dtmf-log-dest=IP:PORT`, rtpengine 10.5): one JSON
// object per digit in one UDP datagram, e.g.
//   {"callid":"c1","source_tag":"a","tags":["a","b"],"type":"DTMF",
//    "timestamp":1796318543,"source_ip":"127.0.0.1","event":5,"duration":80,"volume":10}
// Untrusted network input: parse_dtmf_event() turns it into a typed event or
// nothing (fuzz/dtmf_event_fuzz.cpp).

#include <optional>
#include <string>
#include <string_view>

namespace ctib::media {

struct DtmfEvent {
  std::string call_id;     // the ng call-id: the call's uuid
  std::string source_tag;  // the side that sent the digit ("a" = the caller)
  char digit = 0;          // 0-9, *, #, A-D (RFC 4733 events 0-15)
  friend bool operator==(const DtmfEvent&, const DtmfEvent&) = default;
};

// Datagrams above this are not DTMF events (one is ~200 bytes).
inline constexpr std::size_t kMaxDtmfDatagram = 4096;

// nullopt for anything that is not a DTMF event with a call id, a tag and
// an event 0-15.
std::optional<DtmfEvent> parse_dtmf_event(std::string_view datagram);

}  // namespace ctib::media
