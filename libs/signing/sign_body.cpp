// Pushed callbacks (numbers/push, docs/push.md): the MAC covers only the
// timestamp and the body, so a receiver behind a proxy that rewrites the
// path still verifies, with one line of code in any language.
#include "libs/signing/hex.hpp"
#include "libs/signing/mac.hpp"
#include "libs/signing/signature.hpp"

namespace ctib::signing {

std::string body_signature(const SigningKey& key, std::int64_t timestamp, std::string_view body) {
  std::string signed_text = std::to_string(timestamp);
  signed_text += '.';
  signed_text += body;
  return std::string(kVersion) + "=" + detail::to_hex(detail::mac(key.secret, signed_text));
}

}  // namespace ctib::signing
