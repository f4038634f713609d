// Signing: one SHA-256 of the body and one HMAC per request.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "libs/signing/hex.hpp"
#include "libs/signing/mac.hpp"
#include "libs/signing/signature.hpp"

namespace ctib::signing {

namespace detail {

std::array<unsigned char, 32> mac(std::string_view secret, std::string_view canonical) {
  std::array<unsigned char, 32> out{};
  unsigned int length = 0;
  // The one-shot HMAC() only fails on allocation failure; the zero MAC left
  // then never verifies.
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), out.data(), &length);
  return out;
}

}  // namespace detail

SignatureHeaders sign(const SigningKey& key, std::string_view method, std::string_view target,
                      std::int64_t timestamp, std::string_view body) {
  const auto mac = detail::mac(key.secret, canonical_string(method, target, timestamp, body));
  return SignatureHeaders{std::to_string(timestamp), key.id, std::string(kVersion) + "=" + detail::to_hex(mac)};
}

}  // namespace ctib::signing
