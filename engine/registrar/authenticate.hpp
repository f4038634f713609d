#pragma once
// Digest authentication of a request against the user directory, shared by
// REGISTER (401/WWW-Authenticate) and INVITE (407/Proxy-Authenticate).
//
// Order of checks, so that a forged request cannot burn a client's nonce:
// realm, algorithm and qop → nonce known → user known → response correct →
// only then the nonce's freshness and nonce-count are checked and recorded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/registrar/clock.hpp"
#include "engine/registrar/digest.hpp"
#include "engine/registrar/directory.hpp"
#include "engine/registrar/nonce.hpp"

namespace ctib::registrar {

enum class AuthVerdict : std::uint8_t {
  ok,
  challenge,      // no usable credentials: send a (new) challenge
  stale,          // right password, expired nonce: challenge with stale=true
  unknown_user,   // 403
  wrong_password  // 403
};

struct AuthOutcome {
  AuthVerdict verdict = AuthVerdict::challenge;
  const User* user = nullptr;  // set when ok
};

class Authenticator {
 public:
  Authenticator(const UserDirectory& directory, NonceStore& nonces) : directory_(directory), nonces_(nonces) {}

  AuthOutcome check(const std::optional<DigestCredentials>& credentials, std::string_view method,
                    std::string_view realm, TimePoint now);

  // A WWW-Authenticate / Proxy-Authenticate value with a fresh nonce:
  // `Digest realm="...", nonce="...", algorithm=MD5, qop="auth"[, stale=true]`.
  std::string challenge(std::string_view realm, bool stale, TimePoint now);

 private:
  const UserDirectory& directory_;
  NonceStore& nonces_;
};

}  // namespace ctib::registrar
