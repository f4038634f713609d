#pragma once
// Wall-clock time for the registrar. Registrations are persisted and must
// mean the same after a restart, so expiry is wall-clock (system_clock), not
// the loop's monotonic time. Injected so tests control it.

#include <chrono>
#include <functional>

namespace ctib::registrar {

using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

inline Clock system_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

}  // namespace ctib::registrar
