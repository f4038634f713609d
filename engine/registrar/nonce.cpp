#include "engine/registrar/nonce.hpp"

#include <openssl/rand.h>

#include <array>
#include <optional>
#include <random>

namespace ctib::registrar {

NonceStore::NonceStore(std::chrono::seconds lifetime, std::size_t capacity)
    : lifetime_(lifetime), capacity_(capacity == 0 ? 1 : capacity) {}

namespace {

std::string random_hex() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // RAND_bytes only fails without an entropy source; fall back rather than
    // hand out a predictable constant.
    std::random_device rd;
    for (auto& b : bytes) b = static_cast<unsigned char>(rd());
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0f]);
  }
  return out;
}

std::optional<std::uint64_t> parse_nc(const std::string& nc) {
  if (nc.empty() || nc.size() > 8) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : nc) {
    int d = 0;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    v = v * 16 + static_cast<std::uint64_t>(d);
  }
  return v;
}

}  // namespace

void NonceStore::forget_oldest(TimePoint now) {
  // Expired ones first (they are at the front: issue order), then by age
  // when still over capacity.
  while (!order_.empty()) {
    auto it = nonces_.find(order_.front());
    bool expired = it == nonces_.end() || now - it->second.issued > lifetime_;
    if (!expired && nonces_.size() < capacity_) break;
    if (it != nonces_.end()) nonces_.erase(it);
    order_.pop_front();
  }
}

std::string NonceStore::issue(TimePoint now) {
  forget_oldest(now);
  std::string nonce = random_hex();
  nonces_[nonce] = Entry{now, 0, false};
  order_.push_back(nonce);
  return nonce;
}

NonceCheck NonceStore::use(const std::string& nonce, bool with_qop, const std::string& nc, TimePoint now) {
  auto it = nonces_.find(nonce);
  if (it == nonces_.end()) return NonceCheck::unknown;
  Entry& e = it->second;
  if (now - e.issued > lifetime_ || now < e.issued) return NonceCheck::stale;
  if (!with_qop) {
    if (e.used) return NonceCheck::replayed;
    e.used = true;
    return NonceCheck::valid;
  }
  auto count = parse_nc(nc);
  if (!count || *count <= e.last_nc) return NonceCheck::replayed;
  e.last_nc = *count;
  e.used = true;
  return NonceCheck::valid;
}

}  // namespace ctib::registrar
