#pragma once
// Parsing the SIP URIs a dial string (or a routing answer of dial.type = ip)
// names. Public so the routing adapter validates an ip target the same way.

#include <string>
#include <string_view>

#include "engine/dialstring/plan.hpp"
#include "libs/base/expected.hpp"

namespace ctib::dialstring {

// "sip:[user@]host[:port][;params][?headers]", "sips:..." (scheme any case),
// or the scheme-less "user@host[:port][;params]" of sofia/<profile>/...
// (scheme sip, user required). host is a name (letters, digits, '.', '-',
// '_'), an IPv4 address, or an IPv6 reference "[...]"; port is 1-65535.
// Everything after host[:port] stays verbatim in SipUri::params and must start
// with ';' or '?'. No control characters or spaces anywhere. The error is a
// sentence for FailTarget::detail.
base::Expected<SipUri, std::string> parse_sip_uri(std::string_view text);

// True for bytes no SIP user, host or parameter may hold unescaped here:
// controls (including the pre-pass comma markers), space and DEL.
bool is_forbidden_uri_byte(char c) noexcept;
bool has_forbidden_uri_byte(std::string_view s) noexcept;

}  // namespace ctib::dialstring
