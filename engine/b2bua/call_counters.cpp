#include "engine/b2bua/call_counters.hpp"

#include <algorithm>

namespace ctib::b2bua {

namespace {

std::int64_t second_of(std::chrono::milliseconds t) noexcept {
  return std::chrono::duration_cast<std::chrono::seconds>(t).count();
}

}  // namespace

void CallCounters::admitted(std::chrono::milliseconds now, std::size_t up) noexcept {
  ++total_;
  peak_ = std::max(peak_, up);
  const std::int64_t s = second_of(now);
  const auto slot = static_cast<std::size_t>(s % static_cast<std::int64_t>(kSeconds));
  // Stamps start at 0, so second 0 would look already counted: +1 keeps them apart.
  if (stamp_[slot] != s + 1) {
    stamp_[slot] = s + 1;
    count_[slot] = 0;
  }
  ++count_[slot];
}

std::uint64_t CallCounters::in_second(std::int64_t second) const noexcept {
  if (second < 0) return 0;
  const auto slot = static_cast<std::size_t>(second % static_cast<std::int64_t>(kSeconds));
  return stamp_[slot] == second + 1 ? count_[slot] : 0;
}

CallRates CallCounters::rates(std::chrono::milliseconds now) const noexcept {
  const std::int64_t current = second_of(now);
  std::uint64_t sum = 0;
  CallRates r;
  for (std::int64_t back = 1; back <= static_cast<std::int64_t>(kSeconds); ++back) {
    sum += in_second(current - back);
    if (back == 1) r.per_second_1s = static_cast<double>(sum);
    if (back == 10) r.per_second_10s = static_cast<double>(sum) / 10.0;
  }
  r.per_second_60s = static_cast<double>(sum) / 60.0;
  return r;
}

}  // namespace ctib::b2bua
