#pragma once
// A read-only snapshot of one call for the admin API (docs/admin-api.md):
// taken on the call's loop, then handed to another thread as a plain value.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/call/timeline.hpp"
#include "engine/causes/hangup_cause.hpp"

namespace ctib::call {

struct CallView {
  std::string uuid;
  std::string_view state;  // a static name: routing, originating, anchoring, early_media, answered, ended
  std::string profile;
  std::string caller;  // From user
  std::string callee;  // Request-URI user
  std::string caller_ip;
  std::string sip_call_id;
  std::optional<std::string> target;  // the leg that answered or rings; none while routing
  std::chrono::system_clock::time_point created_at;
  std::optional<std::chrono::system_clock::time_point> answered_at;
  std::optional<std::chrono::milliseconds> routing_ms;  // first routing request's latency
  // Once ended:
  std::optional<causes::HangupCause> hangup_cause;
  std::optional<int> sip_status;
  // Only in detailed views (with_timeline).
  std::vector<TimelineEntry> timeline;
  std::size_t timeline_dropped = 0;
};

}  // namespace ctib::call
