#include "numbers/api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace ctib::numbers::api {

RateLimiter::RateLimiter(const std::vector<BucketLimit>& limits, Clock::time_point now) {
  buckets_.reserve(limits.size());
  for (const BucketLimit& limit : limits) {
    auto bucket = std::make_unique<Bucket>();
    bucket->limit = limit;
    bucket->limit.burst = std::max(limit.burst, 1.0);
    bucket->tokens = bucket->limit.burst;
    bucket->refilled = now;
    buckets_.push_back(std::move(bucket));
  }
}

std::optional<std::chrono::seconds> RateLimiter::take(std::size_t key, Clock::time_point now) {
  if (key >= buckets_.size()) return std::nullopt;
  Bucket& b = *buckets_[key];
  if (b.limit.rate <= 0) return std::nullopt;
  const std::lock_guard lock(b.mutex);
  // A clock read on another thread before this one took the lock may be
  // slightly older: never refill backwards.
  if (now > b.refilled) {
    const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(b.limit.burst, b.tokens + elapsed * b.limit.rate);
    b.refilled = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  // Retry-After is whole seconds; rounding up never invites an early retry.
  const double wait = (1.0 - b.tokens) / b.limit.rate;
  return std::chrono::seconds(std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait))));
}

}  // namespace ctib::numbers::api
