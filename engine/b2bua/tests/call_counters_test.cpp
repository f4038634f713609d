#include "engine/b2bua/call_counters.hpp"

#include <gtest/gtest.h>

namespace ctib::b2bua {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(CallCounters, TotalAndPeak) {
  CallCounters c;
  c.admitted(milliseconds(100), 1);
  c.admitted(milliseconds(200), 2);
  c.admitted(milliseconds(300), 1);
  EXPECT_EQ(c.total(), 3u);
  EXPECT_EQ(c.peak(), 2u);
}

TEST(CallCounters, RatesCountWholeSecondsOnly) {
  CallCounters c;
  const auto t0 = seconds(1000);
  for (int i = 0; i < 6; ++i) c.admitted(t0 + milliseconds(100 * i), 1);              // 6 in second 1000
  for (int i = 0; i < 3; ++i) c.admitted(t0 + seconds(5) + milliseconds(10 * i), 1);  // 3 in 1005
  // During second 1000 it has not completed yet.
  EXPECT_EQ(c.rates(t0 + milliseconds(999)).per_second_1s, 0);
  auto r = c.rates(t0 + seconds(1));
  EXPECT_EQ(r.per_second_1s, 6);
  EXPECT_DOUBLE_EQ(r.per_second_10s, 0.6);
  EXPECT_DOUBLE_EQ(r.per_second_60s, 0.1);
  r = c.rates(t0 + seconds(6));
  EXPECT_EQ(r.per_second_1s, 3);
  EXPECT_DOUBLE_EQ(r.per_second_10s, 0.9);
  // Second 1000 is out of the 10 s window at 1011, out of the 60 s one at 1061.
  r = c.rates(t0 + seconds(11));
  EXPECT_DOUBLE_EQ(r.per_second_10s, 0.3);
  EXPECT_DOUBLE_EQ(r.per_second_60s, 0.15);
  r = c.rates(t0 + seconds(61));
  EXPECT_DOUBLE_EQ(r.per_second_60s, 0.05);
}

TEST(CallCounters, AStaleSlotIsNotCountedAgain) {
  CallCounters c;
  c.admitted(seconds(10), 1);
  c.admitted(seconds(70), 1);  // same slot, a minute later
  EXPECT_EQ(c.rates(seconds(71)).per_second_1s, 1);
  EXPECT_DOUBLE_EQ(c.rates(seconds(71)).per_second_60s, 1.0 / 60);
  EXPECT_EQ(c.rates(seconds(11)).per_second_1s, 0);  // second 10's count was replaced
}

}  // namespace
}  // namespace ctib::b2bua
