#pragma once
// Time as the numbers service sees it: whole seconds since the Unix epoch
// (binding expiry and call-record times are second-grained, like the
// engine's *_epoch notification fields). The clock is injected so tests
// control time.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ctib::numbers::model {

using Instant = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] Instant now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock tests move by hand. Thread-safe: API tests read it from the
// server's worker threads while the test thread advances it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t epoch_seconds = 1'700'000'000) : now_(epoch_seconds) {}
  [[nodiscard]] Instant now() const override { return Instant(std::chrono::seconds(now_.load())); }
  void set(Instant t) { now_ = t.time_since_epoch().count(); }
  void advance(std::chrono::seconds by) { now_ += by.count(); }

 private:
  std::atomic<std::int64_t> now_;
};

inline std::int64_t to_epoch(Instant t) noexcept { return t.time_since_epoch().count(); }
inline Instant from_epoch(std::int64_t s) noexcept { return Instant(std::chrono::seconds(s)); }

}  // namespace ctib::numbers::model
