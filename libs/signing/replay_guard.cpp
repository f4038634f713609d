#include "libs/signing/replay_guard.hpp"

namespace ctib::signing {

bool ReplayGuard::first_use(const std::array<unsigned char, 32>& mac, std::int64_t forget_after,
                            std::int64_t now) {
  std::string key(reinterpret_cast<const char*>(mac.data()), mac.size());
  std::lock_guard lock(mutex_);
  // Insertion order is nearly time order (timestamps differ by clock skew
  // only), so expired entries gather at the front; one that outlives its
  // neighbours merely delays their removal.
  while (!order_.empty() && (order_.front().first < now || order_.size() >= capacity_)) {
    seen_.erase(order_.front().second);
    order_.pop_front();
  }
  if (!seen_.insert(key).second) return false;
  order_.emplace_back(forget_after, std::move(key));
  return true;
}

std::size_t ReplayGuard::size() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

}  // namespace ctib::signing
