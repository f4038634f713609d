// sofia-sip's su_duration(), rounded up instead of down.
//
// su_timer_expire() tells the port how long to wait for the next timer with
// su_duration(next, now), which truncates to whole milliseconds: with less
// than 1 ms left it says 0, and the loop polls epoll with a zero timeout
// until the deadline has passed. Under load some timer (nta's transaction
// timers, curl's, ours) is always less than 1 ms away, so the loop never
// sleeps: at 200 calls/s, 274 empty zero-timeout epoll_wait calls per call
// (perf stat, docs/performance.md), CPU the LoadGuard counts as demand.
// Rounding up lets the loop sleep until the deadline, and a timer fires at
// most 1 ms late, which sofia's millisecond timers allow anyway.
//
// The definition replaces the library's for the whole process: libsofia
// calls su_duration through its PLT (su_timer_expire, su_timer_next_expires,
// su_root_sleep, tport_set_secondary_timer, nta_incoming_destroy), and the
// executable's definition comes first in symbol lookup. Decision 0004.
#include <sofia-sip/su_time.h>

#include "libs/loop/su_root_loop.hpp"

extern "C" su_duration_t su_duration(su_time_t const t1, su_time_t const t2) {
  const long long us = (static_cast<long long>(t1.tv_sec) - static_cast<long long>(t2.tv_sec)) * 1000000LL +
                       (static_cast<long long>(t1.tv_usec) - static_cast<long long>(t2.tv_usec));
  // Negative differences truncate toward zero, as sofia's do.
  const long long ms = us > 0 ? (us + 999) / 1000 : us / 1000;
  if (ms > SU_DURATION_MAX) return SU_DURATION_MAX;
  if (ms < -SU_DURATION_MAX) return -SU_DURATION_MAX;
  return static_cast<su_duration_t>(ms);
}

namespace ctib::loop {

bool su_duration_rounds_up() noexcept {
  const su_time_t now{100, 0};
  const su_time_t soon{100, 300};  // 0.3 ms later
  return ::su_duration(soon, now) == 1;
}

}  // namespace ctib::loop
