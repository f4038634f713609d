// The limits an attacker on the SIP port meets first (docs/security.md):
// per-profile TCP connection limits and the engine-wide per-source request
// rate (pike), and the password-guessing ban (auth-*). Names follow FreeSWITCH where it has the knob, Kamailio's
// pike module where it does not.

#include "engine/config/sections.hpp"

namespace ctib::config {

TcpLimits read_tcp_limits(detail::TableReader& r) {
  TcpLimits t;
  auto get = [&](std::string_view key, long long min, long long max, unsigned fallback) {
    return static_cast<unsigned>(r.integer(key, min, max).value_or(fallback));
  };
  t.idle_timeout_ms = get("tcp-idle-timeout", 1000, 3600000, t.idle_timeout_ms);
  t.header_timeout_ms = get("tcp-header-timeout", 100, 600000, t.header_timeout_ms);
  t.max_connections = get("tcp-max-connections", 1, 1000000, t.max_connections);
  t.max_connections_per_source = get("tcp-max-connections-per-source", 1, 1000000, t.max_connections_per_source);
  if (t.max_connections_per_source > t.max_connections) {
    r.fail("tcp-max-connections-per-source", "is above tcp-max-connections");
  }
  return t;
}

void read_pike(detail::TableReader& r, EngineLimits& limits) {
  limits.pike_rate = static_cast<int>(r.integer("pike-rate", 0, 1000000).value_or(limits.pike_rate));
  limits.pike_burst = static_cast<int>(r.integer("pike-burst", 1, 1000000).value_or(limits.pike_burst));
  limits.pike_ban_seconds = static_cast<int>(r.integer("pike-ban-seconds", 1, 86400).value_or(limits.pike_ban_seconds));
}

void read_auth_guard(detail::TableReader& r, EngineLimits& limits) {
  limits.auth_fail_max = static_cast<int>(r.integer("auth-fail-max", 0, 1000000).value_or(limits.auth_fail_max));
  limits.auth_fail_window =
      static_cast<int>(r.integer("auth-fail-window", 1, 86400).value_or(limits.auth_fail_window));
  limits.auth_ban_seconds =
      static_cast<int>(r.integer("auth-ban-seconds", 1, 86400).value_or(limits.auth_ban_seconds));
}

}  // namespace ctib::config
