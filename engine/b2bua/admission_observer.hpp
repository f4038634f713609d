#pragma once
// What the Switch tells about INVITEs as it admits or refuses them, for the
// engine's metrics (docs/metrics.md). A 407 challenge is routine and not a
// refusal; an INVITE answered 403 by the inbound policy is (`forbidden`).
//
// Threading: called on the loop thread, inside Switch::on_invite.

#include <array>
#include <cstdint>
#include <string_view>

namespace ctib::b2bua {

enum class Refusal : std::uint8_t {
  profile_removed,  // 503: a reload removed the profile the INVITE came in on
  pike,             // 503: the source is over its request rate
  draining,         // 503: shutting down
  paused,           // 503: paused through the admin API
  load,             // 503: the LoadGuard sheds load (min-idle-cpu)
  max_calls,        // 503: max-calls reached
  forbidden,        // 403: the inbound policy (ACL, auth-calls) refused it
  no_route,         // 403: neither the profile nor the caller has a route
};

// Names in enum order: the `reason` label values.
inline constexpr std::array<std::string_view, 8> kRefusalNames{
    "profile_removed", "pike", "draining", "paused", "load", "max_calls", "forbidden", "no_route"};

class AdmissionObserver {
 public:
  virtual ~AdmissionObserver() = default;
  // An INVITE (not a re-INVITE) arrived on `profile`, before any check.
  virtual void on_invite(std::string_view profile) = 0;
  // It was refused, for `why`.
  virtual void on_refused(Refusal why) = 0;
};

}  // namespace ctib::b2bua
