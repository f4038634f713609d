#include "engine/b2bua/load_guard.hpp"

#include <cstdio>

namespace ctib::b2bua {

std::optional<std::uint64_t> thread_cpu_demand_ns() {
  // "run_ns wait_ns timeslices": see the kernel's Documentation/scheduler/sched-stats.
  std::FILE* f = std::fopen("/proc/thread-self/schedstat", "r");
  if (f == nullptr) return std::nullopt;
  unsigned long long run = 0;
  unsigned long long wait = 0;
  const int n = std::fscanf(f, "%llu %llu", &run, &wait);
  std::fclose(f);
  if (n != 2) return std::nullopt;
  return static_cast<std::uint64_t>(run + wait);
}

LoadGuard::LoadGuard(loop::EventLoop& loop, Options options) : loop_(loop), options_(std::move(options)) {
  if (options_.min_idle_percent <= 0) return;
  if (!options_.demand_ns) options_.demand_ns = thread_cpu_demand_ns;
  if (!options_.now) options_.now = [] { return std::chrono::steady_clock::now(); };
  last_demand_ = options_.demand_ns();
  last_time_ = options_.now();
  timer_ = loop_.start_timer(options_.period, [this] { sample(); });
}

bool LoadGuard::next_state(bool shedding, double idle_percent, double min_idle_percent) noexcept {
  if (min_idle_percent <= 0) return false;
  return shedding ? idle_percent < 2 * min_idle_percent : idle_percent < min_idle_percent;
}

void LoadGuard::sample() {
  const auto demand = options_.demand_ns();
  const auto now = options_.now();
  const auto wall = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_time_).count();
  if (demand && last_demand_ && wall > 0 && *demand >= *last_demand_) {
    const double busy = static_cast<double>(*demand - *last_demand_) / static_cast<double>(wall);
    idle_percent_ = busy >= 1 ? 0 : 100 * (1 - busy);
    const bool next = next_state(shedding_, idle_percent_, options_.min_idle_percent);
    if (next != shedding_) {
      shedding_ = next;
      if (options_.on_change) options_.on_change(shedding_, idle_percent_);
    }
  }
  last_demand_ = demand;
  last_time_ = now;
  timer_ = loop_.start_timer(options_.period, [this] { sample(); });
}

}  // namespace ctib::b2bua
