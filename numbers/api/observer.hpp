#pragma once
// What the API reports to operations (numbers/admin counts it for
// /metrics). Called on the server's worker threads, several at a time, so an
// implementation must be thread-safe and cheap (the counters are relaxed
// atomics); it must not throw.

#include <chrono>
#include <cstddef>
#include <string_view>

#include "numbers/model/types.hpp"

namespace ctib::numbers::api {

// How a routing request (action=request) was answered.
enum class RouteOutcome {
  bound,    // a binding routed it: a dial answer
  unbound,  // no live binding routes this caller to X (or X is not in the pool): hangup
  refused,  // a binding was found but its rules refuse the call (barred direction): hangup
  invalid,  // caller or destination is not a number: hangup
  error,    // the handler failed (database): 500
};
std::string_view name(RouteOutcome outcome) noexcept;

class Observer {
 public:
  virtual ~Observer() = default;
  // After each request that matched a route of kRoutes (`route` is its
  // index there), with the answer's status and the handler's duration.
  virtual void on_request(std::size_t route, unsigned status, std::chrono::nanoseconds took) noexcept = 0;
  virtual void on_route(RouteOutcome outcome) noexcept = 0;
  // A progress notification (ring, progress, answer, hangup) was merged
  // into its call record.
  virtual void on_notification(model::Event event) noexcept = 0;
  // A management request refused with 429 by the limit of key `key_id`
  // (an id from the configuration: a bounded label).
  virtual void on_rate_limited(std::string_view key_id) noexcept = 0;
  // A notification refused because it contradicted a released call record
  // (records::MergeOutcome::conflict).
  virtual void on_record_conflict(model::Event event) noexcept = 0;
};

}  // namespace ctib::numbers::api
