#pragma once
// Call counters for the admin API's status (docs/admin-api.md): calls
// admitted since start, the most up at once, and the admission rate over the
// last 1, 10 and 60 whole seconds (the second in progress is not counted: a
// partial second would read low).
//
// Cost: an array write per admitted call. Ownership: the Switch owns it.
// Threading: loop thread only.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace ctib::b2bua {

struct CallRates {
  double per_second_1s = 0;
  double per_second_10s = 0;
  double per_second_60s = 0;
};

class CallCounters {
 public:
  // A call was admitted at `now` (the loop's monotonic clock); `up` calls are
  // up with it.
  void admitted(std::chrono::milliseconds now, std::size_t up) noexcept;

  [[nodiscard]] std::uint64_t total() const noexcept { return total_; }
  [[nodiscard]] std::size_t peak() const noexcept { return peak_; }
  [[nodiscard]] CallRates rates(std::chrono::milliseconds now) const noexcept;

 private:
  static constexpr std::size_t kSeconds = 60;
  [[nodiscard]] std::uint64_t in_second(std::int64_t second) const noexcept;

  std::uint64_t total_ = 0;
  std::size_t peak_ = 0;
  // Admissions per second, slot = second % 60; a slot counts only while its
  // stamp is that second (older ones are stale, not cleared).
  std::array<std::uint32_t, kSeconds> count_{};
  std::array<std::int64_t, kSeconds> stamp_{};
};

}  // namespace ctib::b2bua
