#pragma once
// Sheds new calls while the engine's loop has no idle time left, so that an
// offered rate beyond capacity costs a cheap 503 per extra INVITE instead of
// collapsing every call (bench: at 1.5x its capacity the engine completed a
// quarter of the calls and took 10 s to answer the rest).
//
// The signal is the loop thread's demand for CPU, from the kernel's
// /proc/thread-self/schedstat: time running plus time runnable but waiting
// for a CPU, per unit of wall time. A loop with work to spare blocks in
// epoll between events, so its demand stays below 1; a loop that cannot keep
// up never blocks, and its demand reaches 1 whether it gets the whole core
// or shares it. Timer lateness is no signal: sofia runs timers between
// every batch of events, so they stay on time while the sockets back up.
//
// FreeSWITCH's equivalent is `min-idle-cpu` (switch.conf), over the whole
// machine's idle CPU; here it is the loop's own idle share, under the same
// name: shedding starts when the idle share of the last sample falls below
// min-idle-cpu percent, and stops when it is back to twice that.
//
// Threading: loop thread only (it reads the loop thread's own schedstat).
// Ownership: the composition root; destroy it before the loop.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "libs/loop/event_loop.hpp"

namespace ctib::b2bua {

class LoadGuard {
 public:
  struct Options {
    double min_idle_percent = 3;  // 0: never shed
    std::chrono::milliseconds period{200};
    // Cumulative nanoseconds the calling thread ran or waited to run; empty:
    // /proc/thread-self/schedstat. Tests script it.
    std::function<std::optional<std::uint64_t>()> demand_ns;
    std::function<std::chrono::steady_clock::time_point()> now;  // empty: steady_clock
    std::function<void(bool shedding, double idle_percent)> on_change;  // logging
  };
  LoadGuard(loop::EventLoop& loop, Options options);

  [[nodiscard]] bool shedding() const noexcept { return shedding_; }
  [[nodiscard]] double idle_percent() const noexcept { return idle_percent_; }

  // The next state from the current one and one sample's idle share (pure).
  [[nodiscard]] static bool next_state(bool shedding, double idle_percent, double min_idle_percent) noexcept;

 private:
  void sample();

  loop::EventLoop& loop_;
  Options options_;
  std::optional<std::uint64_t> last_demand_;
  std::chrono::steady_clock::time_point last_time_;
  bool shedding_ = false;
  double idle_percent_ = 100;
  loop::Timer timer_;
};

// Running + run-queue nanoseconds of the calling thread, or nothing when the
// kernel does not tell (no schedstat).
std::optional<std::uint64_t> thread_cpu_demand_ns();

}  // namespace ctib::b2bua
