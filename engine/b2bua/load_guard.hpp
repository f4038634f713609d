#pragma once
// Sheds new calls while the engine's loop has no idle time left, so that an
// offered rate beyond capacity costs a cheap 503 per extra INVITE instead of
// collapsing every call (bench: at 1.5x its capacity the engine completed a
// quarter of the calls and took 10 s to answer the rest).
//
// The signal is the loop thread's demand for CPU: time running (its CPU
// clock) plus time runnable but waiting for a CPU (the kernel's
// /proc/thread-self/schedstat), per unit of wall time. A loop with work to spare blocks in
// epoll between events, so its demand stays below 1; a loop that cannot keep
// up never blocks, and its demand reaches 1 whether it gets the whole core
// or shares it. Timer lateness is no signal: sofia runs timers between
// every batch of events, so they stay on time while the sockets back up.
//
// FreeSWITCH's equivalent is `min-idle-cpu` (switch.conf), over the whole
// machine's idle CPU; here it is the loop's own idle share, under the same
// name. Control is additive-increase / multiplicative-decrease on the share
// of new INVITEs admitted, so the engine settles at what it can carry
// instead of swinging between taking everything and refusing everything:
// after five samples in a row (1 s) with the idle share under
// min-idle-cpu, the admitted share drops by 15 % per sample; once the idle
// share is back to twice min-idle-cpu it grows by 5 points per sample. A
// busy second or less (a burst the queues absorb) refuses nothing: at 80 %
// of capacity the loop has such seconds, and a guard that reacted to 400 ms
// refused 3 % of calls the engine would have completed (bench, 22:48).
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
    double min_idle_percent = 2;  // 0: never shed
    std::chrono::milliseconds period{200};
    // Cumulative nanoseconds the calling thread ran or waited to run; empty:
    // thread_cpu_demand_ns(). Tests script it.
    std::function<std::optional<std::uint64_t>()> demand_ns;
    std::function<std::chrono::steady_clock::time_point()> now;  // empty: steady_clock
    // Shedding started or ended (logging).
    std::function<void(bool shedding, double idle_percent)> on_change;
  };
  LoadGuard(loop::EventLoop& loop, Options options);

  // Whether to take one more INVITE (called once per INVITE): spreads the
  // refusals evenly over the INVITEs while the admitted share is below 1.
  [[nodiscard]] bool admit() noexcept;
  [[nodiscard]] bool shedding() const noexcept { return admitted_ < 1.0; }
  [[nodiscard]] double admitted_share() const noexcept { return admitted_; }
  [[nodiscard]] double idle_percent() const noexcept { return idle_percent_; }

  struct State {
    double admitted = 1.0;      // share of new INVITEs taken
    int saturated_samples = 0;  // consecutive samples under the minimum
  };
  // The next state from one sample's idle share (pure, tested).
  [[nodiscard]] static State next_state(State state, double idle_percent, double min_idle_percent) noexcept;

 private:
  void sample();

  loop::EventLoop& loop_;
  Options options_;
  std::optional<std::uint64_t> last_demand_;
  std::chrono::steady_clock::time_point last_time_;
  double admitted_ = 1.0;
  int saturated_samples_ = 0;
  double credit_ = 0;  // admit(): fractional INVITEs owed
  double idle_percent_ = 100;
  loop::Timer timer_;
};

// Running + run-queue nanoseconds of the calling thread (run-queue time
// counts 0 where the kernel keeps no schedstat).
std::optional<std::uint64_t> thread_cpu_demand_ns();

}  // namespace ctib::b2bua
