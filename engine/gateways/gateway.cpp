// GatewayMachine: one handler per state for the periodic check; responses
// and pings update the state as sofia_reg.c does (freeswitch-semantics §5.2).

#include "engine/gateways/gateway.hpp"

#include <algorithm>
#include <array>

namespace ctib::gateways {

namespace {

struct StateName {
  State state;
  std::string_view name;
};
constexpr std::array<StateName, 11> kStateNames{{
    {State::UNREGED, "UNREGED"},
    {State::TRYING, "TRYING"},
    {State::REGISTER, "REGISTER"},
    {State::REGED, "REGED"},
    {State::UNREGISTER, "UNREGISTER"},
    {State::FAILED, "FAILED"},
    {State::FAIL_WAIT, "FAIL_WAIT"},
    {State::EXPIRED, "EXPIRED"},
    {State::NOREG, "NOREG"},
    {State::DOWN, "DOWN"},
    {State::TIMEOUT, "TIMEOUT"},
}};

using std::chrono::seconds;

// A ping counts as answered for any final response except 408, 503 and
// >= 600 (sofia_handle_sip_r_options).
bool ping_succeeded(int status) { return status >= 200 && status < 600 && status != 408 && status != 503; }

}  // namespace

std::string_view name(State s) noexcept {
  for (const auto& row : kStateNames) {
    if (row.state == s) return row.name;
  }
  return "UNKNOWN";
}

std::string_view name(Status s) noexcept { return s == Status::UP ? "UP" : "DOWN"; }

GatewaySettings GatewaySettings::from(const config::GatewayConfig& gw) {
  GatewaySettings s;
  s.register_ = gw.register_;
  s.expire = seconds(gw.expire_seconds);
  s.retry = seconds(gw.retry_seconds);
  s.timeout = seconds(gw.timeout_seconds);
  s.ping = seconds(gw.ping);
  s.ping_min = gw.ping_min;
  s.ping_max = gw.ping_max;
  return s;
}

GatewayMachine::GatewayMachine(GatewaySettings settings, TimePoint now)
    : settings_(settings),
      state_(settings.register_ ? State::UNREGED : State::NOREG),
      // A static gateway is UP at once, and stays UP until a ping fails.
      status_(settings.register_ ? Status::DOWN : Status::UP),
      freq_(settings.expire),
      next_ping_(now) {}

Action GatewayMachine::tick(TimePoint now) {
  // A binding that ran out while we were still trying to refresh it.
  if (registered_ && now >= registered_until_ &&
      (state_ == State::UNREGED || state_ == State::TRYING || state_ == State::FAILED ||
       state_ == State::FAIL_WAIT || state_ == State::TIMEOUT)) {
    registered_ = false;
    state_ = State::EXPIRED;
    status_ = Status::DOWN;
    return Action::none;
  }
  switch (state_) {
    case State::UNREGED: return tick_unreged(now);
    case State::TRYING: return tick_trying(now);
    case State::REGISTER: return tick_register(now);
    case State::REGED: return tick_reged(now);
    case State::FAILED: return tick_failed(now);
    case State::FAIL_WAIT: return tick_fail_wait(now);
    case State::TIMEOUT: return tick_timeout(now);
    case State::EXPIRED: return tick_expired(now);
    case State::NOREG:
    case State::UNREGISTER:
    case State::DOWN: return Action::none;
  }
  return Action::none;
}

Action GatewayMachine::tick_unreged(TimePoint now) {
  state_ = State::TRYING;
  reg_timeout_ = now + settings_.timeout;
  return Action::send_register;
}

Action GatewayMachine::tick_trying(TimePoint now) {
  if (now >= reg_timeout_) state_ = State::TIMEOUT;
  return Action::none;
}

Action GatewayMachine::tick_register(TimePoint now) {
  state_ = State::REGED;
  status_ = Status::UP;
  failures_ = 0;
  const seconds freq = freq_;
  refresh_at_ = now + (freq > seconds(30) ? freq - seconds(15) : freq / 2);
  return Action::none;
}

Action GatewayMachine::tick_reged(TimePoint now) {
  if (now >= refresh_at_) state_ = State::UNREGED;  // re-register; status stays UP meanwhile
  return Action::none;
}

Action GatewayMachine::tick_failed(TimePoint now) {
  state_ = State::FAIL_WAIT;
  status_ = Status::DOWN;
  // 503 and timeouts retry after retry-seconds; other failures back off
  // linearly with the number of failures in a row.
  seconds wait = settings_.retry;
  if (failure_status_ != 503 && failure_status_ != 908 && failures_ > 1) wait = settings_.retry * failures_;
  retry_at_ = now + wait;
  return Action::none;
}

Action GatewayMachine::tick_fail_wait(TimePoint now) {
  if (now >= retry_at_) state_ = State::UNREGED;
  return Action::none;
}

Action GatewayMachine::tick_timeout(TimePoint /*now*/) {
  fail(908);
  return Action::none;
}

Action GatewayMachine::tick_expired(TimePoint /*now*/) {
  state_ = State::UNREGED;
  return Action::none;
}

void GatewayMachine::fail(int status) {
  state_ = State::FAILED;
  failure_status_ = status;
  ++failures_;
}

void GatewayMachine::on_register_response(int status, std::optional<seconds> expires, TimePoint now) {
  if (state_ != State::TRYING) return;  // late answer after a timeout: ignore
  if (status >= 200 && status < 300) {
    freq_ = settings_.expire;
    if (expires && *expires > seconds(0)) {
      // The registrar's grant shortens the period: refresh a little early.
      seconds e = *expires;
      freq_ = std::min(freq_, e > seconds(60) ? e - seconds(15) : std::max(e - seconds(2), seconds(1)));
      registered_until_ = now + e;
    } else {
      registered_until_ = now + settings_.expire;
    }
    registered_ = true;
    state_ = State::REGISTER;
    return;
  }
  fail(status);
}

bool GatewayMachine::ping_due(TimePoint now) {
  if (settings_.ping == seconds(0)) return false;
  if (state_ != State::NOREG && state_ != State::REGED) return false;
  if (now < next_ping_) return false;
  next_ping_ = now + settings_.ping;
  return true;
}

void GatewayMachine::on_ping_response(int status, TimePoint /*now*/) {
  if (state_ == State::UNREGISTER || state_ == State::DOWN) return;
  if (ping_succeeded(status)) {
    ping_count_ = std::min(ping_count_ + 1, settings_.ping_max);
    if (ping_count_ >= settings_.ping_min) status_ = Status::UP;
    if (state_ == State::FAILED) state_ = State::UNREGED;
    return;
  }
  if (ping_count_ > 0) --ping_count_;
  if (ping_count_ < settings_.ping_min) status_ = Status::DOWN;
  if (state_ == State::REGED) fail(status);
}

Action GatewayMachine::kill(TimePoint /*now*/) {
  const bool registered = registered_ && (state_ == State::REGED || state_ == State::REGISTER ||
                                          state_ == State::UNREGED || state_ == State::TRYING);
  status_ = Status::DOWN;
  if (registered) {
    state_ = State::UNREGISTER;
    registered_ = false;
    return Action::send_unregister;
  }
  state_ = State::DOWN;
  return Action::none;
}

}  // namespace ctib::gateways
