#pragma once
// EventLoop on sofia-sip's su_root_t, so the SIP stack (nua) and everything
// else share one loop and one thread: nua is created with root() and its
// callbacks, our timers, fd watches and posted tasks all run on that thread.
//
// Threading: see event_loop.hpp. post() is the only thread-safe member; every
// other member, including the constructor, destructor, run(), step(),
// run_until() and stop(), must be called on the loop thread (the thread that
// constructed it: sofia-sip binds the root's port to that thread).

#include <sofia-sip/su_wait.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "libs/loop/event_loop.hpp"
#include "libs/loop/sofia_global.hpp"

namespace ctib::loop {

// su_duration.cpp: true when sofia's su_duration() is ours, which rounds up
// (a wait for a timer less than 1 ms away sleeps instead of polling).
bool su_duration_rounds_up() noexcept;

class SuRootLoop final : public EventLoop {
 public:
  // Throws std::system_error if the root, its timer or the wake-up eventfd
  // cannot be created (startup only; nothing throws once the loop runs).
  explicit SuRootLoop(const SofiaGlobal& sofia);
  // Precondition: every FdWatch and Timer issued by this loop is destroyed.
  ~SuRootLoop() override;

  [[nodiscard]] FdWatch watch_fd(int fd, Interest interest, FdCallback on_ready) override;
  [[nodiscard]] Timer start_timer(std::chrono::milliseconds delay, Task on_expiry) override;
  void post(Task task) override;
  [[nodiscard]] std::chrono::milliseconds now() const override;

  // The root to hand to nua_create(); owned by this loop.
  [[nodiscard]] su_root_t* root() const noexcept { return root_.get(); }

  // Runs until stop() is called from a callback on this loop. To stop from
  // another thread: post([&loop] { loop.stop(); }).
  void run();
  void stop();
  // One iteration: waits at most `timeout` for events, then dispatches them.
  void step(std::chrono::milliseconds timeout);
  // Steps until `done()` is true (checked between iterations) or `limit` has
  // passed; returns done(). Meant for tests and orderly shutdown.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit);

 private:
  using Clock = std::chrono::steady_clock;
  using TimerKey = std::pair<Clock::time_point, std::uint64_t>;  // deadline, start order
  class WatchImpl;
  class TimerImpl;

  struct RootDeleter {
    void operator()(su_root_t* r) const noexcept { su_root_destroy(r); }
  };
  struct SuTimerDeleter {
    void operator()(su_timer_t* t) const noexcept { su_timer_destroy(t); }
  };
  class UniqueFd {
   public:
    explicit UniqueFd(int fd) noexcept : fd_(fd) {}
    ~UniqueFd();
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    [[nodiscard]] int get() const noexcept { return fd_; }

   private:
    int fd_;
  };

  // su_timer expiry: runs every due timer, then re-arms for the next one.
  static void on_driver_timer(su_root_magic_t*, su_timer_t*, su_timer_arg_t* arg) noexcept;
  void run_due_timers();
  void arm_driver();
  void run_posted();

  // Declaration order is destruction order in reverse: the wake watch goes
  // first, then queued work, then the eventfd, the su_timer and the root.
  std::unique_ptr<su_root_t, RootDeleter> root_;
  std::unique_ptr<su_timer_t, SuTimerDeleter> driver_;
  UniqueFd wake_fd_;

  // Our own timer queue, driven by the single su_timer `driver_`: it gives
  // FIFO order for equal deadlines and makes cancel-from-a-callback trivial.
  std::map<TimerKey, Task> timers_;      // LOOP THREAD
  std::uint64_t next_timer_seq_ = 0;     // LOOP THREAD
  bool driver_armed_ = false;            // LOOP THREAD
  Clock::time_point driver_deadline_{};  // LOOP THREAD
  bool running_timers_ = false;          // LOOP THREAD
  std::size_t live_handles_ = 0;         // LOOP THREAD; checked in the destructor

  std::mutex post_mutex_;
  std::vector<Task> posted_;  // LOCK: post_mutex_

  FdWatch wake_watch_;  // LOOP THREAD
};

}  // namespace ctib::loop
