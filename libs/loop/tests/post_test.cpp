#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::loop {
namespace {

using std::chrono::milliseconds;

class PostTest : public ::testing::Test {
 protected:
  SofiaGlobal sofia_;
  SuRootLoop loop_{sofia_};
};

TEST_F(PostTest, TaskPostedFromAnotherThreadRunsOnTheLoopThread) {
  const std::thread::id loop_thread = std::this_thread::get_id();
  std::thread::id ran_on;
  bool ran = false;
  std::thread poster([&] {
    loop_.post([&] {
      ran_on = std::this_thread::get_id();
      ran = true;
    });
  });
  poster.join();
  ASSERT_TRUE(loop_.run_until([&] { return ran; }, milliseconds(2000)));
  EXPECT_EQ(ran_on, loop_thread);
}

TEST_F(PostTest, ManyThreadsEveryTaskRunsOnceInPerThreadOrder) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  std::vector<std::vector<int>> seen(kThreads);  // touched on the loop thread only
  int total = 0;
  std::vector<std::thread> posters;
  posters.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        loop_.post([&, t, i] {
          seen[t].push_back(i);
          ++total;
        });
      }
    });
  }
  const bool done = loop_.run_until([&] { return total == kThreads * kPerThread; }, milliseconds(4000));
  for (auto& p : posters) p.join();
  ASSERT_TRUE(done);
  for (const auto& s : seen) {
    ASSERT_EQ(s.size(), static_cast<std::size_t>(kPerThread));
    for (int i = 0; i < kPerThread; ++i) EXPECT_EQ(s[i], i);
  }
}

TEST_F(PostTest, PostFromTheLoopRunsAfterTheCurrentCallback) {
  std::vector<int> order;
  loop_.post([&] {
    loop_.post([&] { order.push_back(2); });
    order.push_back(1);
  });
  EXPECT_TRUE(order.empty());
  ASSERT_TRUE(loop_.run_until([&] { return order.size() == 2; }, milliseconds(2000)));
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST_F(PostTest, StopPostedFromAnotherThreadEndsRun) {
  std::thread stopper([&] { loop_.post([&] { loop_.stop(); }); });
  loop_.run();  // returns only because the posted stop() ran
  stopper.join();
  SUCCEED();
}

TEST(PostDestructionTest, QueuedTasksAreDroppedWithTheLoop) {
  auto token = std::make_shared<int>(0);
  {
    SofiaGlobal sofia;
    SuRootLoop loop(sofia);
    loop.post([token] { ++*token; });
    EXPECT_EQ(token.use_count(), 2);
  }
  EXPECT_EQ(token.use_count(), 1);
  EXPECT_EQ(*token, 0);
}

}  // namespace
}  // namespace ctib::loop
