// Digest computations. MD5 comes from OpenSSL's EVP interface (the low-level
// MD5() call is deprecated in OpenSSL 3).

#include "engine/registrar/digest.hpp"

#include <openssl/evp.h>

#include <array>

namespace ctib::registrar {

std::string md5_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0x0f]);
  }
  return out;
}

std::string digest_ha1(std::string_view username, std::string_view realm, std::string_view password) {
  std::string a1;
  a1.append(username).append(":").append(realm).append(":").append(password);
  return md5_hex(a1);
}

std::string digest_response(std::string_view ha1, std::string_view method, const DigestCredentials& c) {
  std::string a2;
  a2.append(method).append(":").append(c.uri);
  const std::string ha2 = md5_hex(a2);
  std::string kd;
  kd.append(ha1).append(":").append(c.nonce).append(":");
  if (!c.qop.empty()) kd.append(c.nc).append(":").append(c.cnonce).append(":").append(c.qop).append(":");
  kd.append(ha2);
  return md5_hex(kd);
}

bool digest_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    // Hex digests may arrive upper-case.
    if (x >= 'A' && x <= 'F') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'F') y = static_cast<char>(y - 'A' + 'a');
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

}  // namespace ctib::registrar
