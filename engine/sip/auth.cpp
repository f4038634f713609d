// Digest headers at the edge: Authorization / Proxy-Authorization → typed
// credentials, and answering a 401/407 with an account (nua_authenticate;
// sofia-sip builds the Authorization header itself).

#include <sofia-sip/msg_header.h>

#include <string_view>

#include "engine/sip/internal/nua.hpp"
#include "libs/base/text.hpp"

namespace ctib::sip::detail {

namespace {

std::string unquote_param(std::string_view v) {
  v = base::trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      if (v[i] == '\\' && i + 2 < v.size()) ++i;
      out.push_back(v[i]);
    }
    return out;
  }
  return std::string(v);
}

}  // namespace

std::optional<DigestCredentials> digest_credentials_of(const msg_auth_t* auth) {
  for (; auth != nullptr; auth = auth->au_next) {
    if (auth->au_scheme == nullptr || !base::iequals(auth->au_scheme, "Digest")) continue;
    DigestCredentials c;
    for (const msg_param_t* p = auth->au_params; p != nullptr && *p != nullptr; ++p) {
      std::string_view param(*p);
      auto eq = param.find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view name = base::trim(param.substr(0, eq));
      std::string value = unquote_param(param.substr(eq + 1));
      if (base::iequals(name, "username")) c.username = value;
      else if (base::iequals(name, "realm")) c.realm = value;
      else if (base::iequals(name, "nonce")) c.nonce = value;
      else if (base::iequals(name, "uri")) c.uri = value;
      else if (base::iequals(name, "response")) c.response = value;
      else if (base::iequals(name, "algorithm")) c.algorithm = value;
      else if (base::iequals(name, "qop")) c.qop = value;
      else if (base::iequals(name, "nc")) c.nc = value;
      else if (base::iequals(name, "cnonce")) c.cnonce = value;
      else if (base::iequals(name, "opaque")) c.opaque = value;
    }
    return c;
  }
  return std::nullopt;
}

bool authenticate(nua_handle_t* nh, const sip_t* sip, const AuthCredentials& credentials) {
  if (sip == nullptr) return false;
  const msg_auth_t* challenge = sip->sip_www_authenticate != nullptr ? sip->sip_www_authenticate
                                                                     : sip->sip_proxy_authenticate;
  if (challenge == nullptr || challenge->au_scheme == nullptr) return false;
  const char* realm = msg_params_find(challenge->au_params, "realm=");
  if (realm == nullptr) return false;
  // "Digest:\"realm\":user:password" - the realm keeps its quotes, as the
  // challenge wrote it (that is what sofia-sip's auth client matches on).
  std::string quoted = realm;
  if (quoted.empty() || quoted.front() != '"') quoted = "\"" + quoted + "\"";
  const std::string auth = std::string(challenge->au_scheme) + ":" + quoted + ":" + credentials.username + ":" +
                           credentials.password;
  nua_authenticate(nh, NUTAG_AUTH(auth.c_str()), TAG_END());
  return true;
}

}  // namespace ctib::sip::detail
