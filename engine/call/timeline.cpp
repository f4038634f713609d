#include "engine/call/timeline.hpp"

namespace ctib::call {

std::string_view name(TimelineKind kind) noexcept {
  switch (kind) {
    case TimelineKind::sip_in:
      return "sip_in";
    case TimelineKind::sip_out:
      return "sip_out";
    case TimelineKind::route_request:
      return "route_request";
    case TimelineKind::route_answer:
      return "route_answer";
    case TimelineKind::route_failure:
      return "route_failure";
    case TimelineKind::leg:
      return "leg";
    case TimelineKind::notify:
      return "notify";
    case TimelineKind::notify_result:
      return "notify_result";
    case TimelineKind::hangup:
      return "hangup";
  }
  return "unknown";
}

void Timeline::add(std::chrono::system_clock::time_point now, TimelineKind kind, std::string detail) {
  if (!enabled_) return;
  const auto at = std::chrono::duration_cast<std::chrono::milliseconds>(now - origin_);
  TimelineEntry entry{at < std::chrono::milliseconds(0) ? std::chrono::milliseconds(0) : at, kind,
                      std::move(detail)};
  if (entries_.size() < kCapacity) {
    entries_.push_back(std::move(entry));
    return;
  }
  // Full: the newest replaces the last slot, so the end of the call shows.
  ++dropped_;
  entries_.back() = std::move(entry);
}

}  // namespace ctib::call
