#include "engine/registrar/authenticate.hpp"

#include "libs/base/text.hpp"

namespace ctib::registrar {

AuthOutcome Authenticator::check(const std::optional<DigestCredentials>& credentials, std::string_view method,
                                 std::string_view realm, TimePoint now) {
  if (!credentials || credentials->realm != realm) return {AuthVerdict::challenge, nullptr};
  const DigestCredentials& c = *credentials;
  if (!c.algorithm.empty() && !base::iequals(c.algorithm, "MD5")) return {AuthVerdict::challenge, nullptr};
  if (!c.qop.empty() && c.qop != "auth") return {AuthVerdict::challenge, nullptr};
  if (c.response.empty() || !nonces_.known(c.nonce)) return {AuthVerdict::challenge, nullptr};
  const User* user = directory_.find(c.username, realm);
  if (user == nullptr) return {AuthVerdict::unknown_user, nullptr};
  if (!digest_equal(digest_response(user->ha1, method, c), c.response)) {
    return {AuthVerdict::wrong_password, nullptr};
  }
  switch (nonces_.use(c.nonce, !c.qop.empty(), c.nc, now)) {
    case NonceCheck::valid: return {AuthVerdict::ok, user};
    case NonceCheck::stale: return {AuthVerdict::stale, nullptr};
    case NonceCheck::unknown:
    case NonceCheck::replayed: break;
  }
  return {AuthVerdict::challenge, nullptr};
}

std::string Authenticator::challenge(std::string_view realm, bool stale, TimePoint now) {
  std::string out = "Digest realm=\"";
  out.append(realm).append("\", nonce=\"").append(nonces_.issue(now)).append("\", algorithm=MD5, qop=\"auth\"");
  if (stale) out += ", stale=true";
  return out;
}

}  // namespace ctib::registrar
