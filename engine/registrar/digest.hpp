#pragma once
// HTTP Digest for SIP (RFC 2617, RFC 3261 §22, RFC 8760): the hash
// computations and the parsed credentials a request carries. MD5 only: it is
// what every SIP phone and sofia-sip's client speak; RFC 8760's SHA-256 would
// need a second challenge header that many phones reject.

#include <string>
#include <string_view>

namespace ctib::registrar {

// The parameters of an Authorization / Proxy-Authorization header, as the SIP
// adapter parsed them (quotes removed). Untrusted: every field may be empty.
struct DigestCredentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  std::string algorithm;  // "" or "MD5"
  std::string qop;        // "" (RFC 2069 style) or "auth"
  std::string nc;         // 8 hex digits when qop is given
  std::string cnonce;
  std::string opaque;
};

// Lower-case hex MD5 of `data`.
std::string md5_hex(std::string_view data);

// HA1 = MD5(username:realm:password), as stored in a1-hash.
std::string digest_ha1(std::string_view username, std::string_view realm, std::string_view password);

// The `response` value a client computes (RFC 2617 §3.2.2.1): with qop=auth
// MD5(HA1:nonce:nc:cnonce:qop:HA2), without qop MD5(HA1:nonce:HA2), where
// HA2 = MD5(method:uri).
std::string digest_response(std::string_view ha1, std::string_view method, const DigestCredentials& c);

// Constant-time comparison of two hex digests (no early exit on a mismatch).
bool digest_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace ctib::registrar
