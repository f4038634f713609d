#include "numbers/push/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace ctib::numbers::push {

std::chrono::seconds nominal_delay(std::int64_t failures, const PushOptions& options) noexcept {
  const std::int64_t cap = std::max<std::int64_t>(options.backoff_max.count(), 1);
  std::int64_t delay = std::max<std::int64_t>(options.backoff_initial.count(), 1);
  // Doubling stops at the cap, so a large failure count cannot overflow.
  for (std::int64_t n = 1; n < failures && delay < cap; ++n) delay *= 2;
  return std::chrono::seconds(std::min(delay, cap));
}

std::chrono::seconds retry_delay(std::int64_t failures, const PushOptions& options,
                                 double unit_random) noexcept {
  const double d = static_cast<double>(nominal_delay(failures, options).count());
  const double u = std::clamp(unit_random, 0.0, 1.0);
  const auto waited = static_cast<std::int64_t>(std::floor(d / 2 + u * d / 2));
  return std::chrono::seconds(std::max<std::int64_t>(waited, 1));
}

}  // namespace ctib::numbers::push
