#pragma once
// absolute_codec_string applied to an SDP offer we pass through
// (freeswitch-semantics §2.4): the engine does not anchor media, so instead of
// building its own offer as FreeSWITCH does, it narrows the caller's offer to
// the listed codecs, in the listed order. Pure functions, no I/O.

#include <string>
#include <string_view>
#include <vector>

#include "libs/base/expected.hpp"

namespace ctib::call {

struct CodecFilterError {
  std::string detail;  // for the log line, e.g. "no offered codec is in PCMA,G729"
};

// "PCMA@8000h@20i, pcmu" → {"PCMA", "pcmu"}: FreeSWITCH's codec-string items,
// with the @rate/@ptime modifiers dropped (we only choose, we do not transcode).
std::vector<std::string> parse_codec_list(std::string_view codecs);

// Keeps, in every RTP m= line, only the payload types whose encoding name is in
// `codecs` (case-insensitive), in the order of `codecs`; several payload types
// of one codec keep their offered order. Payload types are named by their
// a=rtpmap line, or by the static table (0 PCMU, 3 GSM, 4 G723, 8 PCMA,
// 9 G722, 13 CN, 15 G728, 18 G729) when there is none.
//
// telephone-event is kept (after the listed codecs) although it is never in
// the list: FreeSWITCH adds RFC 2833 DTMF to its own offers whatever the
// codec string says, so a FreeSWITCH B-leg offer still carries it. It does not
// count as a codec: an m= line left with only telephone-event has no codec.
//
// The a=rtpmap, a=fmtp and a=rtcp-fb lines of removed payload types are
// dropped (a=rtcp-fb:* stays). An m= line that keeps no codec is rejected the
// RFC 3264 way (port 0, its lines otherwise untouched). Non-RTP m= lines
// (T.38 udptl, application) are left alone. Line endings (CRLF or LF) are
// kept as found.
//
// Error when the offer has RTP m= lines and none of them keeps a codec: the
// leg then fails with INCOMPATIBLE_DESTINATION (488) without being sent.
base::Expected<std::string, CodecFilterError> filter_codecs(std::string_view sdp, std::string_view codecs);

}  // namespace ctib::call
