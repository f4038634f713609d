#pragma once
// When a failed item is tried again: exponential back-off with jitter.
// After failure n (1, 2, ...) the nominal delay is
//   d = min(backoff_max, backoff_initial * 2^(n-1))
// and the item waits d/2 + u * d/2 (u uniform in [0, 1)), at least one
// second (the outbox keeps whole seconds). The jitter spreads the retries of
// the items that failed together (a receiver that was down for everyone)
// so they do not all come back in the same second. Pure: u is passed in.

#include <chrono>
#include <cstdint>

#include "numbers/push/options.hpp"

namespace ctib::numbers::push {

std::chrono::seconds nominal_delay(std::int64_t failures, const PushOptions& options) noexcept;
std::chrono::seconds retry_delay(std::int64_t failures, const PushOptions& options,
                                 double unit_random) noexcept;

}  // namespace ctib::numbers::push
