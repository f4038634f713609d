#pragma once
// Signed routing requests (docs/protocol.md §6, our extension of cti_bridge):
// an HMAC-SHA256 over the method, the request-target, a timestamp and the
// SHA-256 of the body, sent in three headers. The engine signs, the numbers
// service (or any interface) verifies. Pure: no I/O, no clock (callers pass
// the time), crypto from OpenSSL's libcrypto.
//
//   X-CTIB-Timestamp: 1700000000
//   X-CTIB-Key-Id:    test-key-1
//   X-CTIB-Signature: v1=<64 lower-case hex digits>
//
// over the canonical string (no trailing newline)
//   v1\n<METHOD>\n<path?query as sent>\n<timestamp>\n<hex SHA-256 of body>

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "libs/base/expected.hpp"

namespace ctib::signing {

inline constexpr std::string_view kTimestampHeader = "X-CTIB-Timestamp";
inline constexpr std::string_view kKeyIdHeader = "X-CTIB-Key-Id";
inline constexpr std::string_view kSignatureHeader = "X-CTIB-Signature";
inline constexpr std::string_view kVersion = "v1";

// Key ids are short tokens: they travel in a header and name a config entry.
inline constexpr std::size_t kMaxKeyIdLength = 64;
// Below this a shared secret is guessable offline from one captured request.
inline constexpr std::size_t kMinSecretLength = 16;

// A shared key. The HMAC key is the secret's bytes as written (not
// hex-decoded), so every language computes the same MAC from the same text.
struct SigningKey {
  std::string id;
  std::string secret;
  friend bool operator==(const SigningKey&, const SigningKey&) = default;
};

// True when `id` is 1-64 characters of A-Z a-z 0-9 . _ -
bool valid_key_id(std::string_view id) noexcept;

// Lower-case hex SHA-256 of `data` (of "" for an empty body:
// e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855).
std::string sha256_hex(std::string_view data);

// The string the HMAC is computed over.
std::string canonical_string(std::string_view method, std::string_view target, std::int64_t timestamp,
                             std::string_view body);

// The three header values for one request.
struct SignatureHeaders {
  std::string timestamp;  // decimal unix seconds
  std::string key_id;
  std::string signature;  // "v1=<hex>"
};

SignatureHeaders sign(const SigningKey& key, std::string_view method, std::string_view target,
                      std::int64_t timestamp, std::string_view body);

// The three headers as received, parsed into typed values (the edge).
struct SignedFields {
  std::int64_t timestamp = 0;
  std::string key_id;
  std::array<unsigned char, 32> mac{};
};

enum class Refusal {
  missing,        // none of the three headers (the caller decides whether that is allowed)
  malformed,      // some headers missing, or a value does not parse
  unknown_key,    // the key id is not one we hold
  bad_signature,  // the MAC does not match
  stale,          // authentic, but the timestamp is outside the replay window
  replayed,       // authentic and fresh, but this exact signature was already used
};

// "missing", "malformed", ... for logs and error bodies.
std::string_view name(Refusal r) noexcept;
// One sentence for the 401 body; says what to fix, never echoes a secret.
std::string_view message(Refusal r) noexcept;

// Parses the header values (nullptr = header absent). Timestamp: 1-12
// decimal digits; key id: valid_key_id; signature: "v1=" and 64 hex digits
// (either case). All absent is Refusal::missing; anything else wrong is
// Refusal::malformed.
base::Expected<SignedFields, Refusal> parse_headers(const std::string* timestamp, const std::string* key_id,
                                                     const std::string* signature);

// Checks an authentic, fresh signature: the key id must be among `keys`
// (several at once during a rotation), the MAC must match (compared in
// constant time), and |now - timestamp| must be at most `window`. The MAC is
// checked before the time, so `stale` is only ever said to a holder of the key.
base::Expected<SignedFields, Refusal> verify(SignedFields fields, std::span<const SigningKey> keys,
                                              std::string_view method, std::string_view target,
                                              std::string_view body, std::int64_t now,
                                              std::chrono::seconds window);

// Pushed callbacks (docs/push.md): "v1=" and the lower-case hex
// HMAC-SHA256, keyed with `key.secret`, of "<timestamp>.<body>" (decimal
// unix seconds, a full stop, the body's bytes as sent). Sent with the same
// three header names as signed routing requests.
std::string body_signature(const SigningKey& key, std::int64_t timestamp, std::string_view body);

// The request-target of an absolute http(s) URL as it goes on the request
// line: everything after the authority, "/" when that is empty, without any
// "#fragment". "http://h:8080/v1/cti?secret=s" → "/v1/cti?secret=s".
std::string request_target(std::string_view url);

}  // namespace ctib::signing
