#include "engine/edge/pike.hpp"

#include <gtest/gtest.h>

namespace ctib::edge {
namespace {

using namespace std::chrono_literals;
using V = Pike::Verdict;

TEST(EdgePike, ABurstPassesTheNextRequestIsCutAndTheSourceStaysBanned) {
  Pike pike({.rate = 10, .burst = 5, .ban = 60s, .max_sources = 100});
  const auto t0 = Pike::Clock::time_point{} + 1000s;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(pike.check("192.0.2.1", t0), V::pass) << i;
  EXPECT_EQ(pike.check("192.0.2.1", t0), V::cut);
  EXPECT_EQ(pike.check("192.0.2.1", t0 + 59s), V::banned);
  EXPECT_EQ(pike.banned(t0 + 1s), std::vector<std::string>{"192.0.2.1"});
  // Another source is untouched.
  EXPECT_EQ(pike.check("192.0.2.2", t0), V::pass);
  // After the ban: a full bucket again.
  EXPECT_TRUE(pike.banned(t0 + 61s).empty());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(pike.check("192.0.2.1", t0 + 61s), V::pass) << i;
  EXPECT_EQ(pike.refused(), 2U);
}

TEST(EdgePike, ASourceWithinItsRateIsNeverCut) {
  Pike pike({.rate = 10, .burst = 2, .ban = 60s, .max_sources = 100});
  auto t = Pike::Clock::time_point{} + 1000s;
  for (int i = 0; i < 200; ++i, t += 100ms) EXPECT_EQ(pike.check("198.51.100.9", t), V::pass) << i;
}

TEST(EdgePike, TheTableIsBoundedAndForgetsTheLeastRecentlySeen) {
  Pike pike({.rate = 1, .burst = 1, .ban = 60s, .max_sources = 3});
  const auto t0 = Pike::Clock::time_point{} + 1000s;
  EXPECT_EQ(pike.check("10.0.0.1", t0), V::pass);
  EXPECT_EQ(pike.check("10.0.0.1", t0), V::cut);
  EXPECT_EQ(pike.check("10.0.0.2", t0), V::pass);
  EXPECT_EQ(pike.check("10.0.0.3", t0), V::pass);
  EXPECT_EQ(pike.check("10.0.0.1", t0), V::banned);  // now the most recent
  EXPECT_EQ(pike.check("10.0.0.4", t0), V::pass);    // evicts 10.0.0.2
  EXPECT_EQ(pike.sources(), 3U);
  EXPECT_EQ(pike.check("10.0.0.2", t0), V::pass);    // a fresh bucket: it was forgotten
  EXPECT_EQ(pike.check("10.0.0.1", t0), V::banned);  // still there
}

TEST(EdgePike, RateZeroIsOff) {
  Pike pike({.rate = 0, .burst = 1, .ban = 60s, .max_sources = 3});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(pike.check("10.0.0.1", Pike::Clock::now()), V::pass);
  EXPECT_EQ(pike.sources(), 0U);
}

}  // namespace
}  // namespace ctib::edge
