// The canonical string and its pieces: what both sides must compute alike.
#include <openssl/evp.h>

#include "libs/signing/hex.hpp"
#include "libs/signing/signature.hpp"

namespace ctib::signing {

bool valid_key_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > kMaxKeyIdLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // EVP_Digest only fails on allocation failure; an empty digest then makes
  // every signature wrong rather than undefined.
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) return {};
  return detail::to_hex(std::span<const unsigned char>(digest, length));
}

std::string canonical_string(std::string_view method, std::string_view target, std::int64_t timestamp,
                             std::string_view body) {
  std::string out;
  out.reserve(kVersion.size() + method.size() + target.size() + 20 + 64 + 4);
  out.append(kVersion).append("\n");
  out.append(method).append("\n");
  out.append(target).append("\n");
  out.append(std::to_string(timestamp)).append("\n");
  out.append(sha256_hex(body));
  return out;
}

std::string request_target(std::string_view url) {
  const std::size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  const std::size_t fragment = rest.find('#');
  rest = rest.substr(0, fragment);
  // The authority ends at the first '/', or at '?' when the path is empty.
  const std::size_t end = rest.find_first_of("/?");
  if (end == std::string_view::npos) return "/";
  std::string target(rest.substr(end));
  if (target.front() == '?') target.insert(target.begin(), '/');
  return target;
}

}  // namespace ctib::signing
