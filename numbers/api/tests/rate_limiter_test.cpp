// The per-key token bucket: burst, refill, Retry-After rounding, unlimited
// keys, and many threads taking from one bucket never exceeding it.
#include "numbers/api/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ctib::numbers::api {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST(RateLimiterTest, BurstThenRefillAtTheRate) {
  const Clock::time_point t0{};
  RateLimiter limiter({BucketLimit{2, 3}}, t0);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.take(0, t0)) << i;
  const auto wait = limiter.take(0, t0);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1s);  // half a second at 2/s, rounded up
  EXPECT_TRUE(limiter.take(0, t0 + 400ms));
  EXPECT_FALSE(limiter.take(0, t0 + 500ms));  // one token back
  EXPECT_TRUE(limiter.take(0, t0 + 500ms));
  // Idle for long: the bucket is full again, never fuller.
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.take(0, t0 + 1h)) << i;
  EXPECT_TRUE(limiter.take(0, t0 + 1h));
}

TEST(RateLimiterTest, RetryAfterIsWholeSecondsRoundedUp) {
  const Clock::time_point t0{};
  RateLimiter limiter({BucketLimit{0.1, 1}}, t0);
  EXPECT_FALSE(limiter.take(0, t0));
  EXPECT_EQ(limiter.take(0, t0), std::optional(10s));
  EXPECT_EQ(limiter.take(0, t0 + 2500ms), std::optional(8s));  // 7.5 s left
}

TEST(RateLimiterTest, UnlimitedAndUnknownKeysPass) {
  const Clock::time_point t0{};
  RateLimiter limiter({BucketLimit{0, 0}, BucketLimit{1, 1}}, t0);
  for (int i = 0; i < 1000; ++i) ASSERT_FALSE(limiter.take(0, t0));
  EXPECT_FALSE(limiter.take(1, t0));
  EXPECT_TRUE(limiter.take(1, t0));
  EXPECT_FALSE(limiter.take(7, t0));  // not a configured key: nothing to limit
}

TEST(RateLimiterTest, ThreadsShareOneBucketExactly) {
  const Clock::time_point t0{};
  RateLimiter limiter({BucketLimit{1, 100}}, t0);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (!limiter.take(0, t0)) allowed.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(allowed.load(), 100);  // the burst, not one more, at one instant
}

}  // namespace
}  // namespace ctib::numbers::api
