#include "engine/b2bua/load_guard.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::b2bua {
namespace {

using namespace std::chrono_literals;

TEST(LoadGuard, ABusySecondRefusesNothingASaturatedOneStartsShedding) {
  LoadGuard::State s;
  for (int i = 0; i < 4; ++i) s = LoadGuard::next_state(s, 1.0, 3);
  EXPECT_EQ(s.admitted, 1.0);
  EXPECT_EQ(s.saturated_samples, 4);
  s = LoadGuard::next_state(s, 50.0, 3);  // the burst passed
  EXPECT_EQ(s.saturated_samples, 0);
  for (int i = 0; i < 5; ++i) s = LoadGuard::next_state(s, 1.0, 3);
  EXPECT_DOUBLE_EQ(s.admitted, 0.85);
  s = LoadGuard::next_state(s, 0.0, 3);
  EXPECT_DOUBLE_EQ(s.admitted, 0.85 * 0.85);
}

TEST(LoadGuard, HoldsBetweenTheMinimumAndTwiceItAndRecoversAboveIt) {
  LoadGuard::State s{0.5, 0};
  s = LoadGuard::next_state(s, 4.0, 3);  // not saturated, not idle enough to grow
  EXPECT_DOUBLE_EQ(s.admitted, 0.5);
  s = LoadGuard::next_state(s, 6.0, 3);
  EXPECT_DOUBLE_EQ(s.admitted, 0.55);
  for (int i = 0; i < 20; ++i) s = LoadGuard::next_state(s, 90.0, 3);
  EXPECT_DOUBLE_EQ(s.admitted, 1.0);
}

TEST(LoadGuard, NeverShedsEverythingAndZeroIsOff) {
  LoadGuard::State s;
  for (int i = 0; i < 100; ++i) s = LoadGuard::next_state(s, 0.0, 3);
  EXPECT_DOUBLE_EQ(s.admitted, 0.05);
  EXPECT_DOUBLE_EQ(LoadGuard::next_state(s, 0.0, 0).admitted, 1.0);
}

TEST(LoadGuard, FollowsTheLoopThreadsDemandSampleBySample) {
  loop::SofiaGlobal sofia;
  loop::SuRootLoop loop(sofia);
  // Each sample advances the fake clock 100 ms; the loop's demand in that
  // time is scripted: idle, six saturated samples, then idle ones.
  const std::vector<std::uint64_t> busy_ms = {10, 100, 99, 100, 100, 100, 100, 1, 1, 1, 1, 1, 1, 1, 1};
  std::size_t i = 0;
  std::uint64_t demand = 0;
  auto now = std::chrono::steady_clock::time_point{};
  std::vector<bool> changes;
  LoadGuard::Options options;
  options.min_idle_percent = 3;
  options.period = 1ms;
  options.demand_ns = [&]() -> std::optional<std::uint64_t> { return demand; };
  options.now = [&] {
    // Called once per sample, after demand_ns: advance both for the next one.
    auto t = now;
    if (i < busy_ms.size()) {
      demand += busy_ms[i] * 1'000'000;
      now += 100ms;
      ++i;
    }
    return t;
  };
  options.on_change = [&](bool shedding, double) { changes.push_back(shedding); };
  LoadGuard guard(loop, options);
  // While it sheds (at 0.85 x 0.85 = 72 %, or 77 % a sample later),
  // refusals are spread: of 100 INVITEs that share is taken, and never two
  // refusals in a row.
  int taken_while_shedding = -1;
  double share = 0;
  ASSERT_TRUE(loop.run_until(
      [&] {
        if (taken_while_shedding < 0 && guard.shedding() && guard.admitted_share() < 0.8) {
          taken_while_shedding = 0;
          share = guard.admitted_share();
          bool last = true;
          for (int k = 0; k < 100; ++k) {
            const bool taken = guard.admit();
            EXPECT_TRUE(taken || last) << "two refusals in a row at k=" << k;
            taken_while_shedding += taken;
            last = taken;
          }
        }
        return i == busy_ms.size() && changes.size() >= 2;
      },
      2s));
  EXPECT_EQ(changes, (std::vector<bool>{true, false}));
  EXPECT_NEAR(taken_while_shedding, 100 * share, 1.0);
  EXPECT_FALSE(guard.shedding());
  EXPECT_TRUE(guard.admit());
}

TEST(LoadGuard, ZeroNeverSamples) {
  loop::SofiaGlobal sofia;
  loop::SuRootLoop loop(sofia);
  int reads = 0;
  LoadGuard::Options options;
  options.min_idle_percent = 0;
  options.period = 1ms;
  options.demand_ns = [&]() -> std::optional<std::uint64_t> { ++reads; return 0; };
  LoadGuard guard(loop, options);
  loop.run_until([] { return false; }, 20ms);
  EXPECT_EQ(reads, 0);
  EXPECT_FALSE(guard.shedding());
}

TEST(LoadGuard, ReadsThisThreadsSchedstat) {
  const auto first = thread_cpu_demand_ns();
  if (!first) GTEST_SKIP() << "the kernel has no /proc/thread-self/schedstat";
  volatile std::uint64_t x = 0;
  for (int k = 0; k < 2'000'000; ++k) x = x + static_cast<std::uint64_t>(k);
  const auto second = thread_cpu_demand_ns();
  ASSERT_TRUE(second);
  EXPECT_GT(*second, *first);
}

}  // namespace
}  // namespace ctib::b2bua
