#pragma once
// Remembers the signatures seen within the replay window, so the same signed
// request is accepted once. A signature older than the window is refused as
// stale anyway, so each one is kept only until its timestamp + window.
//
// Bounded: at most `capacity` signatures. When full, the oldest is forgotten
// first; a replay could then pass only after `capacity` other signed
// requests within one window (65536 by default: ~220 requests/s for 300 s),
// which is the price of a fixed memory ceiling (~10 MB).
//
// Threading: thread-safe (one mutex); the numbers service's worker threads
// share one guard.

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>

namespace ctib::signing {

class ReplayGuard {
 public:
  explicit ReplayGuard(std::size_t capacity = 65536) : capacity_(capacity == 0 ? 1 : capacity) {}

  // True the first time `mac` is offered (and it is remembered until
  // `forget_after`, unix seconds); false when it is still remembered.
  // Entries whose time passed (`now`) are dropped on the way.
  bool first_use(const std::array<unsigned char, 32>& mac, std::int64_t forget_after, std::int64_t now);

  [[nodiscard]] std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string> seen_;                    // LOCK: mutex_
  std::deque<std::pair<std::int64_t, std::string>> order_;  // LOCK: mutex_; insertion order
};

}  // namespace ctib::signing
