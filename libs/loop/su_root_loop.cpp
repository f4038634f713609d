// SuRootLoop lifetime and running. Fd watches, timers and posts live in
// su_root_loop_{fd,timer,post}.cpp.
#include "libs/loop/su_root_loop.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <system_error>

namespace ctib::loop {

namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

SuRootLoop::UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

SuRootLoop::SuRootLoop(const SofiaGlobal& /*sofia: proof su_init() ran*/)
    : root_(su_root_create(nullptr)),
      driver_(root_ ? su_timer_create(su_root_task(root_.get()), 0) : nullptr),
      wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (!root_) fail("su_root_create");
  if (!driver_) fail("su_timer_create");
  // Clones (each nua stack is one: nua_create -> su_clone_start) run on this
  // thread, not on a thread of their own. With threads, every SIP event and
  // every nua_* call crossed threads through a queue, a mutex and a wake-up
  // of the other thread, and the stack's work ran on a second core that the
  // LoadGuard does not see. FreeSWITCH's mod_sofia does the same per profile.
  su_root_threading(root_.get(), 0);
  // Up to four ready sockets served per epoll_wait instead of one: at load
  // the SIP and HTTP sockets are ready together, and each wait is a syscall.
  su_root_multishot(root_.get(), 1);
  // Also links su_duration.cpp, whose su_duration() replaces sofia's.
  if (!su_duration_rounds_up()) fail("su_duration is sofia's own (truncating): the loop would busy-poll");
  if (wake_fd_.get() < 0) fail("eventfd");
  // Cross-thread posts wake the loop through an eventfd: it is a plain fd the
  // root already knows how to wait on, and write() is async-signal and
  // thread-safe, unlike su_msg which needs a su_task bound to a clone.
  wake_watch_ = watch_fd(wake_fd_.get(), Interest::Read, [this](Readiness) { run_posted(); });
  if (!wake_watch_.active()) fail("su_root_register(eventfd)");
}

SuRootLoop::~SuRootLoop() {
  wake_watch_.cancel();
  // A handle outliving its loop would deregister from a destroyed root.
  assert(live_handles_ == 0 && "FdWatch/Timer outlived its SuRootLoop");
}

void SuRootLoop::run() {
  su_root_run(root_.get());
}

void SuRootLoop::stop() {
  su_root_break(root_.get());
}

void SuRootLoop::step(std::chrono::milliseconds timeout) {
  su_root_step(root_.get(), static_cast<su_duration_t>(std::max<std::int64_t>(0, timeout.count())));
}

bool SuRootLoop::run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return done();
    // Short slices so a predicate changed by another thread is noticed.
    step(std::min(left, std::chrono::milliseconds(50)));
  }
  return true;
}

std::chrono::milliseconds SuRootLoop::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch());
}

}  // namespace ctib::loop
