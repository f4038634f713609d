#pragma once
// One gateway's registration and OPTIONS-ping state machine, FreeSWITCH's
// `sofia_reg_check_gateway` (freeswitch-semantics §5.2), with the state
// names FreeSWITCH reports. Pure: no I/O and no clock of its own. The owner
// (GatewayManager) feeds it events with the current time and carries out the
// returned Action (send REGISTER / OPTIONS / un-REGISTER).
//
//   register=false → NOREG (UP)          register=true → UNREGED (DOWN)
//   UNREGED  ─tick─▶ TRYING (REGISTER sent)
//   TRYING   ─2xx─▶ REGISTER ─tick─▶ REGED (UP; refresh scheduled)
//   TRYING   ─final ≥300─▶ FAILED        TRYING ─timeout-seconds─▶ TIMEOUT ─tick─▶ FAILED (908)
//   REGED    ─refresh due─▶ UNREGED (re-register; status stays UP)
//   any registering state past the binding's expiry ─tick─▶ EXPIRED (DOWN) ─tick─▶ UNREGED
//   FAILED   ─tick─▶ FAIL_WAIT (DOWN)   FAIL_WAIT ─retry due─▶ UNREGED
//   kill: REGED/REGISTER → UNREGISTER (un-REGISTER sent, DOWN); others → DOWN
//   ping failure: REGED → FAILED; ping success: FAILED → UNREGED
//
// Every event is classified first, then handled by the current state's
// handler (gateway.cpp). Diagram: docs/state-machines/gateway.md.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/config/config.hpp"

namespace ctib::gateways {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

enum class State : std::uint8_t {
  UNREGED, TRYING, REGISTER, REGED, UNREGISTER, FAILED, FAIL_WAIT, EXPIRED, NOREG, DOWN, TIMEOUT
};
enum class Status : std::uint8_t { DOWN, UP };

std::string_view name(State s) noexcept;
std::string_view name(Status s) noexcept;

// What the owner must do after an event.
enum class Action : std::uint8_t { none, send_register, send_unregister, send_ping };

struct GatewaySettings {
  bool register_ = false;
  std::chrono::seconds expire{3600};
  std::chrono::seconds retry{30};
  std::chrono::seconds timeout{60};
  std::chrono::seconds ping{0};  // 0 = no OPTIONS ping
  unsigned ping_min = 1;
  unsigned ping_max = 1;
  static GatewaySettings from(const config::GatewayConfig& gw);
};

class GatewayMachine {
 public:
  GatewayMachine(GatewaySettings settings, TimePoint now);

  // The periodic check (the manager calls it every second). May return
  // send_register (state now TRYING) — the ping is asked separately.
  Action tick(TimePoint now);
  // Whether an OPTIONS ping is due now; if so it is recorded as sent.
  bool ping_due(TimePoint now);

  // The final response to our REGISTER. `expires` is what the registrar
  // granted (Contact ;expires or Expires), if it said.
  void on_register_response(int status, std::optional<std::chrono::seconds> expires, TimePoint now);
  // The final response to our OPTIONS (408 when it timed out).
  void on_ping_response(int status, TimePoint now);
  // Shutdown: returns send_unregister when there is a registration to end.
  Action kill(TimePoint now);

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] Status status() const noexcept { return status_; }
  [[nodiscard]] int failure_status() const noexcept { return failure_status_; }
  [[nodiscard]] unsigned failures() const noexcept { return failures_; }
  [[nodiscard]] std::chrono::seconds refresh_interval() const noexcept { return freq_; }

 private:
  Action tick_unreged(TimePoint now);
  Action tick_trying(TimePoint now);
  Action tick_register(TimePoint now);
  Action tick_reged(TimePoint now);
  Action tick_failed(TimePoint now);
  Action tick_fail_wait(TimePoint now);
  Action tick_timeout(TimePoint now);
  Action tick_expired(TimePoint now);
  void fail(int status);

  GatewaySettings settings_;
  State state_;
  Status status_;
  std::chrono::seconds freq_;    // granted registration period
  TimePoint refresh_at_{};       // REGED: when to re-register
  TimePoint registered_until_{}; // the registrar's binding ends then
  bool registered_ = false;      // a binding exists at the registrar
  TimePoint reg_timeout_{};      // TRYING: answer deadline
  TimePoint retry_at_{};         // FAIL_WAIT: when to try again
  TimePoint next_ping_{};
  unsigned ping_count_ = 0;
  unsigned failures_ = 0;
  int failure_status_ = 0;
};

}  // namespace ctib::gateways
