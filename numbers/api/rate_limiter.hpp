#pragma once
// Per-API-key request limits (decision 0016): one token bucket per key,
// refilled at `rate` tokens a second up to `burst`; a request takes one
// token, and a request that finds none is refused with 429 and the whole
// seconds until a token is back (Retry-After).
//
// Ownership: ApiConfig holds it through a shared_ptr (the config is const,
// the buckets are not). Threads: take() is called from every API worker
// thread at once; each bucket has its own mutex, so keys do not contend
// with each other. The clock is passed in (steady time), so tests step it.

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace ctib::numbers::api {

struct BucketLimit {
  double rate = 0;   // tokens per second; 0 = unlimited
  double burst = 0;  // bucket size; at least 1 when rate > 0
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // One bucket per key, in the order of `limits`; each starts full.
  explicit RateLimiter(const std::vector<BucketLimit>& limits, Clock::time_point now = Clock::now());

  // nullopt: allowed (a token was taken). Otherwise refused, with the
  // whole seconds (>= 1) after which a token will be there.
  std::optional<std::chrono::seconds> take(std::size_t key, Clock::time_point now);

 private:
  struct Bucket {
    std::mutex mutex;
    BucketLimit limit;
    double tokens = 0;           // LOCK: mutex
    Clock::time_point refilled;  // LOCK: mutex
  };
  std::vector<std::unique_ptr<Bucket>> buckets_;  // fixed after construction
};

}  // namespace ctib::numbers::api
