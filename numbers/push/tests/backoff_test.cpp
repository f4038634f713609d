#include "numbers/push/backoff.hpp"

#include <gtest/gtest.h>

namespace ctib::numbers::push {
namespace {

using std::chrono::seconds;

PushOptions options(seconds initial, seconds max) {
  PushOptions o;
  o.backoff_initial = initial;
  o.backoff_max = max;
  return o;
}

TEST(Backoff, NominalDelayDoublesUpToTheCap) {
  const auto o = options(seconds(2), seconds(60));
  EXPECT_EQ(nominal_delay(1, o), seconds(2));
  EXPECT_EQ(nominal_delay(2, o), seconds(4));
  EXPECT_EQ(nominal_delay(3, o), seconds(8));
  EXPECT_EQ(nominal_delay(5, o), seconds(32));
  EXPECT_EQ(nominal_delay(6, o), seconds(60));
  EXPECT_EQ(nominal_delay(1000, o), seconds(60));  // no overflow past the cap
}

TEST(Backoff, JitterSpansTheUpperHalf) {
  const auto o = options(seconds(10), seconds(300));
  // failure 3: nominal 40 s; u = 0 → 20 s, u → 1 → just under 40 s.
  EXPECT_EQ(retry_delay(3, o, 0.0), seconds(20));
  EXPECT_EQ(retry_delay(3, o, 0.5), seconds(30));
  EXPECT_EQ(retry_delay(3, o, 0.999), seconds(39));
  // u outside [0, 1) is clamped, never negative or above nominal.
  EXPECT_EQ(retry_delay(3, o, -5.0), seconds(20));
  EXPECT_EQ(retry_delay(3, o, 7.0), seconds(40));
}

TEST(Backoff, NeverBelowOneSecond) {
  const auto o = options(seconds(1), seconds(1));
  EXPECT_EQ(retry_delay(1, o, 0.0), seconds(1));  // 0.5 s rounds up to the outbox's whole second
  EXPECT_EQ(retry_delay(9, o, 0.9), seconds(1));
}

}  // namespace
}  // namespace ctib::numbers::push
