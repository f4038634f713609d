#pragma once
// Refer-To (RFC 3515 §2.1) and Referred-By (RFC 3892), untrusted text from a
// REFER, parsed into typed values at the edge (decision 0015). Pure C++, no
// sofia-sip: the libFuzzer target fuzz/refer_to_fuzz.cpp runs it alone.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libs/base/expected.hpp"

namespace ctib::sip {

// Where a REFER asks the transferee to go.
struct ReferTo {
  std::string uri;  // "sip:1002@example.com:5070;transport=tcp", without ?headers
  bool sips = false;
  std::string user;  // percent-decoded; "" when the URI has none
  std::string host;  // a hostname, IPv4 or [IPv6]
  std::optional<std::uint16_t> port;
  // An embedded Replaces header (`?Replaces=...`): an attended transfer.
  bool replaces = false;
};

// Accepts a name-addr (`"Bob" <sip:1002@host>;param`) or an addr-spec
// (`sip:1002@host`), sip: and sips: only. The error says what was wrong.
base::Expected<ReferTo, std::string> parse_refer_to(std::string_view value);

// A REFER received in a dialog (RFC 3515), typed: its target, or why the
// Refer-To could not be used (the receiver answers 400 then).
struct Refer {
  base::Expected<ReferTo, std::string> target;
  std::optional<std::string> referred_by;  // as received, when printable
};

// Referred-By is only passed on (sip_referred_by): printable text of at most
// 512 bytes, else nothing.
std::optional<std::string> parse_referred_by(std::string_view value);

}  // namespace ctib::sip
