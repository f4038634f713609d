#include "engine/b2bua/load_guard.hpp"

#include <algorithm>
#include <time.h>

#include <cstdio>

namespace ctib::b2bua {

std::optional<std::uint64_t> thread_cpu_demand_ns() {
  // Time on CPU from the thread's CPU clock: schedstat's own first field is
  // only brought up to date at a context switch or a tick, so for a running
  // thread it reads stale (0 on this project's CI VMs).
  timespec cpu{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) != 0) return std::nullopt;
  const std::uint64_t run =
      static_cast<std::uint64_t>(cpu.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(cpu.tv_nsec);
  // Time runnable but waiting for a CPU: schedstat's second field (see the
  // kernel's Documentation/scheduler/sched-stats); 0 when the kernel has none.
  unsigned long long on_cpu = 0;
  unsigned long long wait = 0;
  if (std::FILE* f = std::fopen("/proc/thread-self/schedstat", "r")) {
    if (std::fscanf(f, "%llu %llu", &on_cpu, &wait) != 2) wait = 0;
    std::fclose(f);
  }
  return run + static_cast<std::uint64_t>(wait);
}

LoadGuard::LoadGuard(loop::EventLoop& loop, Options options) : loop_(loop), options_(std::move(options)) {
  if (options_.min_idle_percent <= 0) return;
  if (!options_.demand_ns) options_.demand_ns = thread_cpu_demand_ns;
  if (!options_.now) options_.now = [] { return std::chrono::steady_clock::now(); };
  last_demand_ = options_.demand_ns();
  last_time_ = options_.now();
  timer_ = loop_.start_timer(options_.period, [this] { sample(); });
}

LoadGuard::State LoadGuard::next_state(State state, double idle_percent, double min_idle_percent) noexcept {
  constexpr int kSamplesBeforeShedding = 5;  // 1 s at the 200 ms period
  constexpr double kDecrease = 0.85;
  constexpr double kIncrease = 0.05;
  constexpr double kFloor = 0.05;  // always let a trickle through, to keep measuring
  if (min_idle_percent <= 0) return {};
  if (idle_percent < min_idle_percent) {
    if (++state.saturated_samples >= kSamplesBeforeShedding) {
      state.admitted = std::max(kFloor, state.admitted * kDecrease);
    }
    return state;
  }
  state.saturated_samples = 0;
  if (idle_percent >= 2 * min_idle_percent) state.admitted = std::min(1.0, state.admitted + kIncrease);
  return state;
}

bool LoadGuard::admit() noexcept {
  if (admitted_ >= 1.0) return true;
  credit_ += admitted_;
  if (credit_ < 1.0) return false;
  credit_ -= 1.0;
  return true;
}

void LoadGuard::sample() {
  const auto demand = options_.demand_ns();
  const auto now = options_.now();
  const auto wall = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_time_).count();
  if (demand && last_demand_ && wall > 0 && *demand >= *last_demand_) {
    const double busy = static_cast<double>(*demand - *last_demand_) / static_cast<double>(wall);
    idle_percent_ = busy >= 1 ? 0 : 100 * (1 - busy);
    const bool was = shedding();
    const State next = next_state({admitted_, saturated_samples_}, idle_percent_, options_.min_idle_percent);
    admitted_ = next.admitted;
    saturated_samples_ = next.saturated_samples;
    if (admitted_ >= 1.0) credit_ = 0;
    if (was != shedding() && options_.on_change) options_.on_change(shedding(), idle_percent_);
  }
  last_demand_ = demand;
  last_time_ = now;
  timer_ = loop_.start_timer(options_.period, [this] { sample(); });
}

}  // namespace ctib::b2bua
