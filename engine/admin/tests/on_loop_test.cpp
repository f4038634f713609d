// on_loop(): the admin thread's bounded wait for work posted to the loop.
#include "engine/admin/on_loop.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>
#include <thread>

namespace ctib::admin {
namespace {

using namespace std::chrono_literals;

// A loop whose posted tasks run only when the test says so.
class ManualLoop final : public loop::EventLoop {
 public:
  loop::FdWatch watch_fd(int, loop::Interest, FdCallback) override { return {}; }
  loop::Timer start_timer(std::chrono::milliseconds, Task) override { return {}; }
  void post(Task task) override {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  std::chrono::milliseconds now() const override { return 0ms; }
  bool run_one() {
    Task t;
    {
      std::lock_guard lock(mutex_);
      if (tasks_.empty()) return false;
      t = std::move(tasks_.front());
      tasks_.pop_front();
    }
    t();
    return true;
  }

 private:
  std::mutex mutex_;
  std::deque<Task> tasks_;
};

TEST(OnLoop, ReturnsTheLoopsResult) {
  ManualLoop loop;
  std::thread runner([&] {
    while (!loop.run_one()) std::this_thread::sleep_for(1ms);
  });
  auto r = on_loop<int>(
      loop, [] { return 42; }, 2s);
  runner.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 42);
}

TEST(OnLoop, ABusyLoopTimesOutAndTheLateTaskIsHarmless) {
  ManualLoop loop;
  bool ran = false;
  {
    auto r = on_loop<std::string>(
        loop,
        [&ran] {
          ran = true;
          return std::string("late");
        },
        20ms);
    EXPECT_FALSE(r);  // the handler answers 503
  }
  // The loop gets to the task after the handler gave up: it writes only
  // into the shared state (ASan would flag a dangling wait).
  EXPECT_TRUE(loop.run_one());
  EXPECT_TRUE(ran);
}

TEST(OnLoop, AThrowingTaskIsNotAnAnswer) {
  ManualLoop loop;
  std::thread runner([&] {
    while (!loop.run_one()) std::this_thread::sleep_for(1ms);
  });
  auto r = on_loop<int>(
      loop, []() -> int { throw std::runtime_error("bad"); }, 50ms);
  runner.join();
  EXPECT_FALSE(r);
}

}  // namespace
}  // namespace ctib::admin
