// Verification: the key, the MAC (constant time), then the time.
#include <openssl/crypto.h>

#include "libs/signing/mac.hpp"
#include "libs/signing/signature.hpp"

namespace ctib::signing {

std::string_view name(Refusal r) noexcept {
  switch (r) {
    case Refusal::missing: return "missing";
    case Refusal::malformed: return "malformed";
    case Refusal::unknown_key: return "unknown_key";
    case Refusal::bad_signature: return "bad_signature";
    case Refusal::stale: return "stale";
    case Refusal::replayed: return "replayed";
  }
  return "unknown";
}

std::string_view message(Refusal r) noexcept {
  switch (r) {
    case Refusal::missing: return "signature required: send X-CTIB-Timestamp, X-CTIB-Key-Id and X-CTIB-Signature";
    case Refusal::malformed:
      return "malformed signature headers: X-CTIB-Timestamp must be unix seconds, X-CTIB-Key-Id a key id, "
             "X-CTIB-Signature v1=<64 hex digits>, all three present";
    case Refusal::unknown_key: return "unknown key id";
    case Refusal::bad_signature: return "bad signature";
    case Refusal::stale: return "stale: the timestamp is outside the replay window (check the clocks)";
    case Refusal::replayed: return "replayed: this signature was already used";
  }
  return "refused";
}

base::Expected<SignedFields, Refusal> verify(SignedFields fields, std::span<const SigningKey> keys,
                                              std::string_view method, std::string_view target,
                                              std::string_view body, std::int64_t now,
                                              std::chrono::seconds window) {
  const SigningKey* key = nullptr;
  for (const SigningKey& k : keys) {
    if (k.id == fields.key_id) key = &k;
  }
  if (!key) return base::unexpected(Refusal::unknown_key);
  const auto expected = detail::mac(key->secret, canonical_string(method, target, fields.timestamp, body));
  if (CRYPTO_memcmp(expected.data(), fields.mac.data(), expected.size()) != 0) {
    return base::unexpected(Refusal::bad_signature);
  }
  const std::int64_t skew = now > fields.timestamp ? now - fields.timestamp : fields.timestamp - now;
  if (skew > window.count()) return base::unexpected(Refusal::stale);
  return fields;
}

}  // namespace ctib::signing
