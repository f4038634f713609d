#include "engine/b2bua/load_guard.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::b2bua {
namespace {

using namespace std::chrono_literals;

TEST(LoadGuard, ShedsBelowTheMinimumAndStopsAtTwiceIt) {
  EXPECT_FALSE(LoadGuard::next_state(false, 3.5, 3));
  EXPECT_TRUE(LoadGuard::next_state(false, 2.9, 3));
  EXPECT_TRUE(LoadGuard::next_state(true, 5.9, 3));  // hysteresis: not yet 6 %
  EXPECT_FALSE(LoadGuard::next_state(true, 6.0, 3));
  EXPECT_FALSE(LoadGuard::next_state(false, 0, 0));  // 0 = off
}

TEST(LoadGuard, FollowsTheLoopThreadsDemandSampleBySample) {
  loop::SofiaGlobal sofia;
  loop::SuRootLoop loop(sofia);
  // Each sample advances the fake clock 100 ms; the loop's demand in that
  // time is scripted: idle, saturated, saturated, half busy, idle.
  const std::vector<std::uint64_t> busy_ms = {10, 100, 99, 50, 1};
  std::size_t i = 0;
  std::uint64_t demand = 0;
  auto now = std::chrono::steady_clock::time_point{};
  std::vector<bool> changes;
  std::vector<bool> seen;
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
  ASSERT_TRUE(loop.run_until(
      [&] {
        seen.push_back(guard.shedding());
        return i == busy_ms.size() && changes.size() >= 2;
      },
      2s));
  EXPECT_EQ(changes, (std::vector<bool>{true, false}));
  EXPECT_FALSE(guard.shedding());
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
