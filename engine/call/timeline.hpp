#pragma once
// A call's timeline for the admin API (GET /v1/calls/{uuid}): what happened
// to the call, in order, so an operator can explain a failed call without
// reading logs. Bounded: at most kCapacity entries; past that the first
// kCapacity - 1 stay and the last slot always holds the newest entry (the
// hangup is never lost), the rest are counted in dropped().
//
// Cost: one small vector per call (reserved for kReserve entries) and one
// short string per entry; nothing is formatted for events not recorded.
//
// Ownership: the Call owns its Timeline; the Dialer and the call's legs hold
// a pointer to it (they live no longer than the call). Threading: the
// call's loop only; copies are taken for views.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ctib::call {

enum class TimelineKind : std::uint8_t {
  sip_in,         // a SIP request or response received (A or B side)
  sip_out,        // a SIP request or final/provisional response sent
  route_request,  // routing request sent to the interface
  route_answer,   // a usable routing answer
  route_failure,  // connect failure, timeout, non-2xx, bad answer
  leg,            // a B leg placed, or not created (with the cause)
  notify,         // a notification handed to the notifier
  notify_result,  // its delivery attempt's outcome
  hangup,         // the call ended: cause, SIP status, who
};

std::string_view name(TimelineKind kind) noexcept;

struct TimelineEntry {
  std::chrono::milliseconds at{0};  // since the call was created
  TimelineKind kind = TimelineKind::sip_in;
  std::string detail;
  friend bool operator==(const TimelineEntry&, const TimelineEntry&) = default;
};

class Timeline {
 public:
  static constexpr std::size_t kCapacity = 64;
  static constexpr std::size_t kReserve = 8;

  // A disabled timeline records nothing and allocates nothing.
  explicit Timeline(std::chrono::system_clock::time_point origin, bool enabled = true)
      : origin_(origin), enabled_(enabled) {
    if (enabled_) entries_.reserve(kReserve);
  }
  [[nodiscard]] bool enabled() const noexcept { return enabled_; }

  void add(std::chrono::system_clock::time_point now, TimelineKind kind, std::string detail);

  [[nodiscard]] std::chrono::system_clock::time_point origin() const noexcept { return origin_; }
  [[nodiscard]] const std::vector<TimelineEntry>& entries() const noexcept { return entries_; }
  [[nodiscard]] std::size_t dropped() const noexcept { return dropped_; }

 private:
  std::chrono::system_clock::time_point origin_;
  bool enabled_;
  std::vector<TimelineEntry> entries_;
  std::size_t dropped_ = 0;
};

}  // namespace ctib::call
