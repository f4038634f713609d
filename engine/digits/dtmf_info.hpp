#pragma once
// The digit of a SIP INFO carrying DTMF, as phones send it while a prompt
// plays: `application/dtmf-relay` ("Signal=5\r\nDuration=160") or
// `application/dtmf` ("5"). Untrusted input: fuzz/dtmf_info_fuzz.cpp.

#include <optional>
#include <string_view>

namespace ctib::digits {

// 0-9, *, #, A-D; "10"/"11" (the RFC 4733 event numbers some phones send)
// are * and #. nullopt for any other content type or body.
std::optional<char> parse_dtmf_info(std::string_view content_type, std::string_view body);

}  // namespace ctib::digits
