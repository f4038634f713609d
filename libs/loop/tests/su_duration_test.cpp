#include <gtest/gtest.h>
#include <sofia-sip/su_time.h>
#include <sofia-sip/su_wait.h>

#include <vector>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::loop {
namespace {

using std::chrono::milliseconds;

su_time_t at(unsigned long sec, unsigned long usec) { return su_time_t{sec, usec}; }

TEST(SuDuration, PositiveDifferencesRoundUpToTheMillisecond) {
  EXPECT_TRUE(su_duration_rounds_up());
  EXPECT_EQ(su_duration(at(10, 300), at(10, 0)), 1);      // 0.3 ms: sofia's said 0
  EXPECT_EQ(su_duration(at(10, 1000), at(10, 0)), 1);
  EXPECT_EQ(su_duration(at(10, 1001), at(10, 0)), 2);
  EXPECT_EQ(su_duration(at(11, 0), at(10, 999999)), 1);  // across a second
  EXPECT_EQ(su_duration(at(12, 500000), at(10, 0)), 2500);
  EXPECT_EQ(su_duration(at(10, 0), at(10, 0)), 0);
}

TEST(SuDuration, NegativeDifferencesTruncateAndHugeOnesClamp) {
  EXPECT_EQ(su_duration(at(10, 0), at(10, 300)), 0);
  EXPECT_EQ(su_duration(at(10, 0), at(10, 2500)), -2);
  EXPECT_EQ(su_duration(at(4000000, 0), at(0, 0)), SU_DURATION_MAX);
  EXPECT_EQ(su_duration(at(0, 0), at(4000000, 0)), -SU_DURATION_MAX);
}

// With sofia's truncating su_duration the loop polled epoll with a zero
// timeout for the last millisecond before every timer: hundreds of loop
// turns per timer. Now it sleeps until the deadline: a few turns each.
TEST(SuDuration, TheLoopSleepsUntilATimerInsteadOfPolling) {
  SofiaGlobal sofia;
  SuRootLoop loop(sofia);
  int turns = 0;
  ASSERT_EQ(su_root_add_prepoll(
                loop.root(), [](su_prepoll_magic_t* magic, su_root_t*) { ++*reinterpret_cast<int*>(magic); },
                reinterpret_cast<su_prepoll_magic_t*>(&turns)),
            0);
  std::vector<int> fired;
  std::vector<Timer> timers;
  for (int ms : {7, 13, 21, 30}) timers.push_back(loop.start_timer(milliseconds(ms), [&, ms] { fired.push_back(ms); }));
  ASSERT_TRUE(loop.run_until([&] { return fired.size() == 4; }, milliseconds(2000)));
  EXPECT_LT(turns, 100) << "the loop busy-polled while waiting for its timers";
  su_root_remove_prepoll(loop.root());
}

}  // namespace
}  // namespace ctib::loop
