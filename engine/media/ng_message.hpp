#pragma once
// rtpengine's ng control protocol framing (docs/media.md): every datagram is
// "<cookie> <bencoded dictionary>"; a reply repeats the request's cookie.
// The reply is untrusted network input and becomes a typed NgReply here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/media/bencode.hpp"
#include "libs/base/expected.hpp"

namespace ctib::media {

struct NgDatagram {
  std::string cookie;
  Value body;
};

enum class NgResult { ok, error, pong, other };

struct NgReply {
  NgResult result = NgResult::other;
  std::string sdp;           // offer/answer: the rewritten SDP
  std::string error_reason;  // result "error": rtpengine's "error-reason"
  std::string warning;       // optional "warning"
  Value body;                // the whole dictionary (query, list, statistics)
};

// RTP packets rtpengine received from the endpoints of tag `tag` (the sum
// over its media's RTP streams) in a `query` reply; nullopt when the reply
// has no such tag.
std::optional<std::uint64_t> rtp_packets_from(const Value& query_reply, std::string_view tag);

// The "duration" (ms) of a `play media` reply; nullopt when absent or not a
// non-negative integer.
std::optional<std::int64_t> play_duration_ms(const Value& play_reply);

std::string encode_request(std::string_view cookie, const Dict& command);
// Splits a datagram at the first space and decodes the dictionary after it.
base::Expected<NgDatagram, DecodeError> decode_datagram(std::string_view datagram);
// A reply body must be a dictionary with a string "result".
base::Expected<NgReply, DecodeError> parse_reply(const Value& body);

}  // namespace ctib::media
