#pragma once
// The engine's configuration: one TOML file, validated at start into this
// immutable snapshot. Key names follow FreeSWITCH's sofia profile and gateway
// parameters (`sip-ip`, `from-user`, `caller-id-in-from`, ...) so a FreeSWITCH
// user recognises them; see docs/configuration.md.

#include <array>
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
  // FreeSWITCH's timer-T1X64: how long finished transactions are kept to
  // absorb retransmissions (sofia default 32000 ms, ~29 KB each); lower it to
  // save memory at high call rates. Unset = the stack's default.
  std::optional<unsigned> timer_t1x64_ms;
  // The cti_bridge route for calls arriving here; absent on a profile used
  // only for outbound legs (calls arriving there are refused).
  std::optional<routing::RouteConfig> route;
  RouteFailureAction route_failure;
  // Inbound headers sent with the routing request as sip_h_<Name>.
  std::vector<std::string> route_headers;
  variables::Variables variables;  // set on every call arriving here

  // Who may send INVITEs here (toll-fraud protection, freeswitch-semantics
  // §5.4). A source address matching one of `inbound_acls` is admitted as a
  // trunk; otherwise, with `auth_calls`, the caller must authenticate as a
  // directory user (407); otherwise 403. A profile with neither admits anyone.
  bool auth_calls = false;
  std::vector<std::string> inbound_acls;  // names of [acls.*] (or "gateways")
  // Registrar: REGISTERs here bind users of this directory domain, whatever
  // host their To names (FreeSWITCH force-register-domain). It is the
  // digest realm of every challenge sent from this profile.
  std::string register_domain;
  bool disable_register = false;
  unsigned register_min_expires = 60;    // shorter requests get 423
  unsigned register_max_expires = 3600;  // longer requests are cut to this
  unsigned max_registrations_per_user = 10;
};

// A CIDR block, parsed at load ("10.0.0.0/8", "::1/128", "192.0.2.7").
struct Cidr {
  bool v6 = false;
  std::array<std::uint8_t, 16> address{};  // network order; v4 uses the first 4
  int prefix = 32;
  std::string text;  // as written, for logs
};

// "10.0.0.0/8", "2001:db8::/32" or a single address; nullopt when malformed.
std::optional<Cidr> parse_cidr(std::string_view text);

// [acls.NAME]: FreeSWITCH's acl.conf list. The most specific matching block
// decides (longest prefix; on a tie deny wins); no match → `default_allow`.
struct AclConfig {
  std::string name;
  std::vector<Cidr> allow;
  std::vector<Cidr> deny;
  bool default_allow = false;
};

// [users."ID"] / [users."ID@DOMAIN"]: one directory user.
struct UserConfig {
  std::string id;
  std::string domain;    // the [engine] domain when the key has none
  std::string password;  // either this ...
  std::string a1_hash;   // ... or MD5(id:domain:password), lower-case hex
  variables::Variables variables;  // A-leg defaults on calls this user makes
  // Route for calls this user makes, overriding the profile's.
  std::optional<routing::RouteConfig> route;
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

  // Registration and authentication (freeswitch-semantics §5.1, §5.2).
  std::string username;       // account; To/From user of REGISTER
  std::string auth_username;  // digest user (default: username)
  std::string password;
  std::string realm;          // informational; challenges are answered for any realm
  bool register_ = false;
  unsigned expire_seconds = 3600;
  unsigned retry_seconds = 30;
  unsigned timeout_seconds = 60;  // REGISTER answer deadline
  unsigned ping = 0;              // OPTIONS interval, s; 0 = off
  unsigned ping_min = 1;
  unsigned ping_max = 1;
  std::string extension;  // Contact user of REGISTER (default: username)
};

struct LoggingConfig {
  std::string level = "info";  // trace, debug, info, warn, error
  std::string file;            // "" = stderr
};

struct EngineLimits {
  int max_calls = 5000;  // calls in progress; INVITEs beyond get 503
  int retry_after = 5;   // seconds, in that 503's Retry-After
  std::chrono::seconds shutdown_grace{30};
  // Open connections to one routing interface (host:port); requests beyond
  // wait for one, at most their connect_timeout.
  int http_connections_per_host = 512;
  // Percent of the loop's time that must stay idle; below it new INVITEs are
  // refused 503 until it is back to twice that (b2bua/load_guard.hpp). 0: off.
  int min_idle_cpu = 2;
};

struct EngineConfig {
  LoggingConfig logging;
  EngineLimits limits;
  std::string user_agent = "ctibridge";
  std::string spool_dir = "spool";  // hangup notifications awaiting delivery
  bool call_journal = true;  // spool_dir/calls.journal: hangups survive a crash (decision 0006)
  std::string domain = "localhost";  // default directory domain (FreeSWITCH $${domain})
  std::string registrations_db = "registrations.db";  // "" = not persisted
  std::vector<ProfileConfig> profiles;
  std::vector<GatewayConfig> gateways;
  std::vector<AclConfig> acls;
  std::vector<UserConfig> users;

  [[nodiscard]] const ProfileConfig* profile(std::string_view name) const noexcept;
  [[nodiscard]] const GatewayConfig* gateway(std::string_view name) const noexcept;
  [[nodiscard]] const AclConfig* acl(std::string_view name) const noexcept;
};

}  // namespace ctib::config
