#include "engine/app/memory_trim.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <vector>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::app {
namespace {

TEST(MemoryTrim, TrimsWhenCallsFallToHalfOfTheirPeakByEnough) {
  EXPECT_TRUE(MemoryTrim::worth_trimming(10000, 5000, 100));
  EXPECT_TRUE(MemoryTrim::worth_trimming(10000, 10, 100));
  EXPECT_FALSE(MemoryTrim::worth_trimming(10000, 5001, 100));  // not half yet
  EXPECT_FALSE(MemoryTrim::worth_trimming(150, 60, 100));      // half, but only 90 calls' worth
  EXPECT_FALSE(MemoryTrim::worth_trimming(100, 200, 100));     // growing
  EXPECT_TRUE(MemoryTrim::worth_trimming(3, 0, 100));          // idle again
  EXPECT_FALSE(MemoryTrim::worth_trimming(0, 0, 100));         // never busy
}

TEST(MemoryTrim, TrimsOnceAfterABurstAndNotWhileIdle) {
  loop::SofiaGlobal sofia;
  loop::SuRootLoop loop(sofia);
  auto log = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  // Calls in progress as the ticks see them: a burst up to 1,000, then quiet.
  std::vector<std::size_t> counts = {0, 400, 1000, 900, 300, 0, 0, 0};
  std::size_t tick = 0;
  std::vector<std::size_t> trimmed_at;
  MemoryTrim trim(
      loop, [&] { return counts[std::min(tick++, counts.size() - 1)]; }, *log,
      {std::chrono::milliseconds(1), 100, [&] { trimmed_at.push_back(tick - 1); }});
  ASSERT_TRUE(loop.run_until([&] { return tick >= counts.size() + 3; }, std::chrono::seconds(5)));
  // At 300 (under half of 1,000) and once more when the last call ended.
  EXPECT_EQ(trimmed_at, (std::vector<std::size_t>{4, 5}));
}

}  // namespace
}  // namespace ctib::app
