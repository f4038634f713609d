#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::loop {
namespace {

using std::chrono::milliseconds;

class TimerTest : public ::testing::Test {
 protected:
  SofiaGlobal sofia_;
  SuRootLoop loop_{sofia_};
};

TEST_F(TimerTest, FireInDeadlineOrderAndStartOrderForTies) {
  std::vector<std::string> fired;
  Timer t30 = loop_.start_timer(milliseconds(30), [&] { fired.push_back("30"); });
  Timer t10a = loop_.start_timer(milliseconds(10), [&] { fired.push_back("10a"); });
  Timer t20 = loop_.start_timer(milliseconds(20), [&] { fired.push_back("20"); });
  Timer t10b = loop_.start_timer(milliseconds(10), [&] { fired.push_back("10b"); });

  ASSERT_TRUE(loop_.run_until([&] { return fired.size() == 4; }, milliseconds(2000)));
  EXPECT_EQ(fired, (std::vector<std::string>{"10a", "10b", "20", "30"}));
  EXPECT_FALSE(t30.pending());
}

TEST_F(TimerTest, CancelledTimersDoNotFire) {
  std::vector<std::string> fired;
  Timer cancelled = loop_.start_timer(milliseconds(5), [&] { fired.push_back("cancelled"); });
  Timer dropped = loop_.start_timer(milliseconds(5), [&] { fired.push_back("dropped"); });
  Timer victim;
  // Same deadline as `victim`, started first, so it runs first and cancels it.
  Timer killer = loop_.start_timer(milliseconds(10), [&] {
    fired.push_back("killer");
    victim.cancel();
  });
  victim = loop_.start_timer(milliseconds(10), [&] { fired.push_back("victim"); });
  Timer sentinel = loop_.start_timer(milliseconds(40), [&] { fired.push_back("sentinel"); });

  EXPECT_TRUE(cancelled.pending());
  cancelled.cancel();
  dropped = Timer{};
  EXPECT_FALSE(cancelled.pending());

  ASSERT_TRUE(loop_.run_until([&] { return !sentinel.pending(); }, milliseconds(2000)));
  EXPECT_EQ(fired, (std::vector<std::string>{"killer", "sentinel"}));
}

TEST_F(TimerTest, ZeroDelayRunsOnTheLoopNotInsideStartTimer) {
  bool fired = false;
  Timer t = loop_.start_timer(milliseconds(0), [&] { fired = true; });
  EXPECT_FALSE(fired);
  EXPECT_TRUE(t.pending());
  ASSERT_TRUE(loop_.run_until([&] { return fired; }, milliseconds(1000)));
  EXPECT_FALSE(t.pending());
}

TEST_F(TimerTest, NeverFiresBeforeItsDelay) {
  const milliseconds start = loop_.now();
  milliseconds fired_at{-1};
  Timer t = loop_.start_timer(milliseconds(25), [&] { fired_at = loop_.now(); });
  ASSERT_TRUE(loop_.run_until([&] { return fired_at.count() >= 0; }, milliseconds(2000)));
  EXPECT_GE((fired_at - start).count(), 25);
}

TEST_F(TimerTest, CallbackMayReplaceItsOwnHandle) {
  int runs = 0;
  Timer t;
  std::function<void()> again = [&] {
    if (++runs < 3) t = loop_.start_timer(milliseconds(1), again);
  };
  t = loop_.start_timer(milliseconds(1), again);
  ASSERT_TRUE(loop_.run_until([&] { return runs == 3; }, milliseconds(2000)));
  EXPECT_FALSE(t.pending());
}

}  // namespace
}  // namespace ctib::loop
