// The edge: three untrusted header values → SignedFields.
#include "libs/signing/hex.hpp"
#include "libs/signing/signature.hpp"

namespace ctib::signing {

namespace {

// 1-12 digits: unix seconds until the year 33658, no sign, no spaces.
bool parse_timestamp(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 12) return false;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

bool parse_signature(std::string_view text, std::array<unsigned char, 32>& out) {
  const std::string prefix = std::string(kVersion) + "=";
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  if (text.size() != out.size() * 2) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int high = detail::hex_value(text[2 * i]);
    const int low = detail::hex_value(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return true;
}

}  // namespace

base::Expected<SignedFields, Refusal> parse_headers(const std::string* timestamp, const std::string* key_id,
                                                     const std::string* signature) {
  if (!timestamp && !key_id && !signature) return base::unexpected(Refusal::missing);
  SignedFields fields;
  if (!timestamp || !key_id || !signature || !parse_timestamp(*timestamp, fields.timestamp) ||
      !valid_key_id(*key_id) || !parse_signature(*signature, fields.mac)) {
    return base::unexpected(Refusal::malformed);
  }
  fields.key_id = *key_id;
  return fields;
}

}  // namespace ctib::signing
