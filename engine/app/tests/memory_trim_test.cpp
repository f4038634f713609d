#include "engine/app/memory_trim.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <vector>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::app {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

TEST(MemoryTrim, TrimsWhenEnoughMoreHeapIsFreeThanAtItsLowest) {
  EXPECT_TRUE(MemoryTrim::worth_trimming(40 * kMiB, 2 * kMiB, 8 * kMiB));
  EXPECT_TRUE(MemoryTrim::worth_trimming(10 * kMiB, 2 * kMiB, 8 * kMiB));   // exactly the minimum
  EXPECT_FALSE(MemoryTrim::worth_trimming(9 * kMiB, 2 * kMiB, 8 * kMiB));   // not enough freed
  EXPECT_FALSE(MemoryTrim::worth_trimming(1 * kMiB, 2 * kMiB, 8 * kMiB));   // less free than before
  EXPECT_FALSE(MemoryTrim::worth_trimming(0, 0, 8 * kMiB));                 // nothing free
}

TEST(MemoryTrim, TrimsEachTimeMemoryIsFreedAgainNotWhileItStaysFree) {
  loop::SofiaGlobal sofia;
  loop::SuRootLoop loop(sofia);
  auto log = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  // The heap's free MiB as readings see them (the first is taken at
  // construction, the one after a trim right after it): calls set up (free
  // space used), their set-up transactions expire (freed), the free space
  // stays (already trimmed: counted free still), calls end, and 32 s later
  // their BYE transactions expire.
  std::vector<std::size_t> free_mib = {2, 1, 1, 30, /*after trim*/ 30, 30, 30, 20, 45, /*after trim*/ 45, 45, 50, 60,
                                       /*after trim*/ 60, 60};
  std::size_t reading = 0;
  std::vector<std::size_t> trimmed_after;
  MemoryTrim trim(loop, *log,
                  {std::chrono::milliseconds(1), 8 * kMiB,
                   [&] { return free_mib[std::min(reading++, free_mib.size() - 1)] * kMiB; },
                   [&] { trimmed_after.push_back(reading - 1); }});
  ASSERT_TRUE(loop.run_until([&] { return reading >= free_mib.size() + 3; }, std::chrono::seconds(5)));
  // 1 -> 30 (set-up transactions freed), 20 -> 45 (calls ended), 45 -> 60
  // (BYE transactions freed); never while the free space merely stays.
  EXPECT_EQ(trimmed_after, (std::vector<std::size_t>{3, 8, 12}));
}

}  // namespace
}  // namespace ctib::app
