#pragma once
// Server nonces for digest challenges: random, short-lived, and with replay
// protection. A nonce is valid for `lifetime` after it was issued; with
// qop=auth each use must carry a nonce-count (nc) higher than the last one
// accepted for that nonce; without qop (RFC 2069 clients) a nonce is good for
// one request only. The store is bounded: the oldest nonces are forgotten
// first, so a flood of unauthenticated requests cannot grow it without limit.
//
// Ownership: the Registrar owns one NonceStore. Threading: loop thread only.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "engine/registrar/clock.hpp"

namespace ctib::registrar {

enum class NonceCheck : std::uint8_t {
  valid,    // known, fresh, not replayed; now marked used
  stale,    // was ours but has expired: challenge again with stale=true
  unknown,  // never issued (or forgotten): challenge again
  replayed  // nc not above the last accepted one, or a qop-less nonce reused
};

class NonceStore {
 public:
  explicit NonceStore(std::chrono::seconds lifetime = std::chrono::seconds(300), std::size_t capacity = 65536);

  // A fresh 128-bit random nonce (hex), remembered from `now`.
  std::string issue(TimePoint now);

  // Checks and, if valid, records the use. `nc` is the nonce-count as sent
  // (hex) and only used when `with_qop`.
  NonceCheck use(const std::string& nonce, bool with_qop, const std::string& nc, TimePoint now);

  // Issued by us and not yet forgotten (expired or not); records nothing.
  [[nodiscard]] bool known(const std::string& nonce) const { return nonces_.count(nonce) != 0; }

  [[nodiscard]] std::size_t size() const noexcept { return nonces_.size(); }

 private:
  struct Entry {
    TimePoint issued;
    std::uint64_t last_nc = 0;
    bool used = false;
  };
  void forget_oldest(TimePoint now);

  std::chrono::seconds lifetime_;
  std::size_t capacity_;
  std::unordered_map<std::string, Entry> nonces_;
  std::deque<std::string> order_;  // issue order, for eviction
};

}  // namespace ctib::registrar
