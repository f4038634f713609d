#pragma once
// The engine's configuration: one TOML file, validated at start into this
// immutable snapshot. Key names follow FreeSWITCH's sofia profile and gateway
// parameters (`sip-ip`, `from-user`, `caller-id-in-from`, ...) so a FreeSWITCH
// user recognises them; see docs/configuration.md.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/causes/hangup_cause.hpp"
#include "engine/routing/invocation.hpp"
#include "engine/variables/variables.hpp"

namespace ctib::config {

// What happens when the routing interface fails (refused, timeout, non-2xx,
// garbage): end the call with a cause, ask a fallback interface once, or dial
// a fallback dial string (cti-bridge-protocol §3).
struct RouteFailureAction {
  causes::HangupCause cause = causes::HangupCause::NORMAL_TEMPORARY_FAILURE;
  std::optional<routing::RouteConfig> fallback_route;
  std::string fallback_dial;  // "" = none
};

struct ProfileConfig {
  std::string name;  // "internal", "external", ...
  std::string sip_ip;
  std::uint16_t sip_port = 5060;
  std::string ext_sip_ip;  // address put in Contact/From when set, else sip_ip
  // The cti_bridge route for calls arriving here; absent on a profile used
  // only for outbound legs (calls arriving there are refused).
  std::optional<routing::RouteConfig> route;
  RouteFailureAction route_failure;
  // Inbound headers sent with the routing request as sip_h_<Name>.
  std::vector<std::string> route_headers;
  variables::Variables variables;  // set on every call arriving here
};

struct GatewayConfig {
  std::string name;
  std::string profile;  // the profile its INVITEs leave from
  std::string proxy_host;
  std::uint16_t proxy_port = 5060;
  std::string register_transport = "udp";  // "udp" or "tcp"
  std::string from_user;
  std::string from_domain;
  bool caller_id_in_from = false;
  std::string outbound_proxy;  // "host:port" or ""
  std::string destination_prefix;
  variables::Variables variables;  // set on outbound legs through it
};

struct LoggingConfig {
  std::string level = "info";  // trace, debug, info, warn, error
  std::string file;            // "" = stderr
};

struct EngineLimits {
  int max_calls = 5000;  // calls in progress; INVITEs beyond get 503
  int retry_after = 5;   // seconds, in that 503's Retry-After
  std::chrono::seconds shutdown_grace{30};
};

struct EngineConfig {
  LoggingConfig logging;
  EngineLimits limits;
  std::string user_agent = "ctibridge";
  std::string spool_dir = "spool";  // hangup notifications awaiting delivery
  std::vector<ProfileConfig> profiles;
  std::vector<GatewayConfig> gateways;

  [[nodiscard]] const ProfileConfig* profile(std::string_view name) const noexcept;
  [[nodiscard]] const GatewayConfig* gateway(std::string_view name) const noexcept;
};

}  // namespace ctib::config
