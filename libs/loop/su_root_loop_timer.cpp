// One-shot timers. All of them live in one ordered map driven by a single
// su_timer armed for the earliest deadline: ordering of equal deadlines is
// then ours (start order), and cancelling is a map erase, which is safe from
// any callback, including the timer's own.
#include <algorithm>
#include <climits>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::loop {

class SuRootLoop::TimerImpl final : public Timer::Impl {
 public:
  TimerImpl(SuRootLoop& loop, TimerKey key) : loop_(loop), key_(key) { ++loop_.live_handles_; }
  // Erasing the head does not re-arm the su_timer: an early expiry that finds
  // nothing due just re-arms, which is cheaper than re-arming on every cancel.
  ~TimerImpl() override {
    loop_.timers_.erase(key_);
    --loop_.live_handles_;
  }
  TimerImpl(const TimerImpl&) = delete;
  TimerImpl& operator=(const TimerImpl&) = delete;

  [[nodiscard]] bool pending() const noexcept override { return loop_.timers_.contains(key_); }

 private:
  SuRootLoop& loop_;
  TimerKey key_;
};

Timer SuRootLoop::start_timer(std::chrono::milliseconds delay, Task on_expiry) {
  const TimerKey key{Clock::now() + std::max(delay, std::chrono::milliseconds(0)), next_timer_seq_++};
  timers_.emplace(key, std::move(on_expiry));
  auto impl = std::make_unique<TimerImpl>(*this, key);
  if (!running_timers_) arm_driver();
  return Timer(std::move(impl));
}

void SuRootLoop::arm_driver() {
  if (timers_.empty()) return;
  const Clock::time_point head = timers_.begin()->first.first;
  if (driver_armed_ && driver_deadline_ <= head) return;
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(head - Clock::now()).count();
  const auto ms = static_cast<su_duration_t>(std::clamp<std::int64_t>(wait, 0, INT_MAX));
  su_timer_reset(driver_.get());
  su_timer_set_interval(driver_.get(), &SuRootLoop::on_driver_timer, this, ms);
  driver_armed_ = true;
  driver_deadline_ = head;
}

void SuRootLoop::on_driver_timer(su_root_magic_t*, su_timer_t*, su_timer_arg_t* arg) noexcept {
  static_cast<SuRootLoop*>(arg)->run_due_timers();
}

void SuRootLoop::run_due_timers() {
  driver_armed_ = false;
  running_timers_ = true;
  // Timers started by these callbacks get deadlines after `now`, so a
  // zero-delay timer restarting itself cannot starve the loop.
  const Clock::time_point now = Clock::now();
  while (!timers_.empty() && timers_.begin()->first.first <= now) {
    auto node = timers_.extract(timers_.begin());  // its handle now reports !pending()
    node.mapped()();
  }
  running_timers_ = false;
  arm_driver();
}

}  // namespace ctib::loop
