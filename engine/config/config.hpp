#pragma once
// The engine's configuration: one TOML file, validated at start into this
// immutable snapshot. Key names follow FreeSWITCH's sofia profile and gateway
// parameters (`sip-ip`, `from-user`, `caller-id-in-from`, ...) so a FreeSWITCH
// user recognises them; see docs/configuration.md.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/causes/hangup_cause.hpp"
#include "engine/routing/invocation.hpp"
#include "engine/variables/variables.hpp"
#include "libs/logging/settings.hpp"
#include "libs/signing/signature.hpp"

namespace ctib::config {

// What happens when the routing interface fails (refused, timeout, non-2xx,
// garbage): end the call with a cause, ask a fallback interface once, or dial
// a fallback dial string (cti-bridge-protocol §3).
struct RouteFailureAction {
  causes::HangupCause cause = causes::HangupCause::NORMAL_TEMPORARY_FAILURE;
  std::optional<routing::RouteConfig> fallback_route;
  std::string fallback_dial;  // "" = none
  friend bool operator==(const RouteFailureAction&, const RouteFailureAction&) = default;
};

// What one profile's TCP listener lets peers hold (docs/security.md).
struct TcpLimits {
  // A connection with no traffic this long is closed (sofia's TPTAG_IDLE);
  // also what ends a connection the stack stopped reading after a parse error.
  unsigned idle_timeout_ms = 60000;
  // A connection that has not delivered a whole message this long after its
  // first byte (TPTAG_TIMEOUT), or no byte at all since it was accepted
  // (edge::TcpGuard), is closed.
  unsigned header_timeout_ms = 5000;
  unsigned max_connections = 1024;           // accepted connections at once
  unsigned max_connections_per_source = 32;  // from one address; trusted sources exempt
  friend bool operator==(const TcpLimits&, const TcpLimits&) = default;
};

struct ProfileConfig {
  std::string name;  // "internal", "external", ...
  std::string sip_ip;
  std::uint16_t sip_port = 5060;
  // FreeSWITCH's tls / tls-sip-port / tls-cert-dir: a TLS listener beside
  // UDP/TCP, certificates from the directory (agent.pem, cafile.pem).
  bool tls = false;
  std::uint16_t tls_sip_port = 5061;
  std::string tls_cert_dir;
  std::string ext_sip_ip;  // address put in Contact/From when set, else sip_ip
  // FreeSWITCH's timer-T1X64: how long finished transactions are kept to
  // absorb retransmissions (sofia default 32000 ms, ~29 KB each); lower it to
  // save memory at high call rates. Unset = the stack's default.
  std::optional<unsigned> timer_t1x64_ms;
  // RFC 4028 session timers on both legs (decision 0007), FreeSWITCH's
  // enable-timer / session-timeout / minimum-session-expires. Given to the
  // SIP stack when the profile binds, so a change waits for a restart.
  bool enable_timer = true;
  unsigned session_timeout = 1800;         // s we ask for; 0 = only honour the peer's
  unsigned minimum_session_expires = 120;  // s; a shorter Session-Expires gets 422
  // RFC 3262 reliable provisional responses, FreeSWITCH's enable-100rel (off
  // by default as there): `100rel` in Supported and PRACK in Allow; sofia-sip
  // runs them per leg (decision 0022). Given to the stack when the profile
  // binds, so a change waits for a restart.
  bool enable_100rel = false;
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
  TcpLimits tcp;
  // FreeSWITCH's rtp-timeout-sec: with media anchored ([media]), a call
  // whose RTP stops this long ends with MEDIA_TIMEOUT; 0 = off
  // (docs/media.md). The call's rtp_timeout_sec variable overrides it.
  unsigned rtp_timeout_sec = 0;
  friend bool operator==(const ProfileConfig&, const ProfileConfig&) = default;
};

// A CIDR block, parsed at load ("10.0.0.0/8", "::1/128", "192.0.2.7").
struct Cidr {
  bool v6 = false;
  std::array<std::uint8_t, 16> address{};  // network order; v4 uses the first 4
  int prefix = 32;
  std::string text;  // as written, for logs
  friend bool operator==(const Cidr&, const Cidr&) = default;
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
  friend bool operator==(const AclConfig&, const AclConfig&) = default;
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
  friend bool operator==(const UserConfig&, const UserConfig&) = default;
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
  friend bool operator==(const GatewayConfig&, const GatewayConfig&) = default;
};

// [logging]: level, file, format, mask-numbers, redact-query-names.
using LoggingConfig = ctib::logging::Settings;

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
  // Kamailio pike: requests per second one untrusted source may send
  // (token bucket of `pike_burst`); beyond, it is banned for
  // `pike_ban_seconds`. 0 = off (edge/pike.hpp).
  int pike_rate = 30;
  int pike_burst = 60;
  int pike_ban_seconds = 60;
  // Password guessing: `auth_fail_max` failed digest answers from one
  // source, or for one user, within `auth_fail_window` seconds ban it for
  // `auth_ban_seconds` (registrar/auth_guard.hpp). auth_fail_max 0 = off.
  int auth_fail_max = 5;
  int auth_fail_window = 60;
  int auth_ban_seconds = 600;
  friend bool operator==(const EngineLimits&, const EngineLimits&) = default;
};

// [admin]: the admin API (docs/admin-api.md). Absent section (or an empty
// address) = no admin listener.
struct AdminConfig {
  std::string host = "127.0.0.1";          // IPv6 without brackets
  std::uint16_t port = 8021;               // 0: an ephemeral port, logged at start
  std::string token;                       // required, non-empty
  std::size_t keep_finished_calls = 1000;  // ended calls GET /v1/calls/{uuid} still shows
  friend bool operator==(const AdminConfig&, const AdminConfig&) = default;
};

// [media]: media anchoring through rtpengine (docs/media.md, decision 0012).
// Absent = every call passes SDP through as before.
struct RtpengineAddress {
  std::string host;  // numeric IPv4 or IPv6
  std::uint16_t port = 0;
  unsigned weight = 1;  // Kamailio's "=N"; 0 = no new calls
  friend bool operator==(const RtpengineAddress&, const RtpengineAddress&) = default;
};

struct MediaConfig {
  std::vector<RtpengineAddress> rtpengine;  // the set, at least one
  unsigned timeout_ms = 1000;               // per ng transmission
  unsigned retries = 2;                     // retransmissions after the first
  unsigned disable_seconds = 60;            // an instance that did not answer is skipped this long
  bool fallback_bypass = false;             // media-fallback = "bypass" (else "hangup")
  causes::HangupCause failure_cause = causes::HangupCause::DESTINATION_OUT_OF_ORDER;
  std::vector<std::string> transcode{"PCMU", "PCMA"};  // codecs rtpengine adds to each offer
  // Recording (docs/media.md "Recording"): both set = on. recordings-dir
  // (FreeSWITCH's recordings_dir) gets one <uuid>.wav per recorded call;
  // rtpengine-recording-dir is rtpengine's --recording-dir as the engine
  // sees it; recording-wait-ms bounds the wait for rtpengine's pcap.
  std::string recordings_dir;
  std::string rtpengine_recording_dir;
  unsigned recording_wait_ms = 5000;
  // dtmf-listen = "IP:PORT": where rtpengine's --dtmf-log-dest sends the
  // digits callers press (play_and_get_digits); unset = no digits arrive.
  std::optional<RtpengineAddress> dtmf_listen;
  // tone-dir: where tone_stream:// prompts are rendered to WAV files that
  // rtpengine (another user) can read.
  std::string tone_dir = "/var/tmp/ctibridge-tones";
  friend bool operator==(const MediaConfig&, const MediaConfig&) = default;
};

struct EngineConfig {
  LoggingConfig logging;
  std::optional<AdminConfig> admin;
  std::optional<MediaConfig> media;
  EngineLimits limits;
  std::string user_agent = "ctibridge";
  // http-client: which HTTP client sends routing requests and notifications
  // (decision 0013). Auto: the lean client for plain http:// to an IP
  // address, curl for every other URL. Curl: curl for all.
  enum class HttpClient { Auto, Curl };
  HttpClient http_client = HttpClient::Auto;
  // workers: engine processes sharing the profiles' ports, each owning the
  // calls whose Call-ID hashes to it (decision 0020). 1 = one process, as
  // before. Read at start only.
  unsigned workers = 1;
  std::string spool_dir = "spool";  // hangup notifications awaiting delivery
  bool call_journal = true;  // spool_dir/calls.journal: hangups survive a crash (decision 0006)
  // journal-sync: "strict" holds each routing request and each answer's
  // notification until its journal record is fdatasync'd; "batch" (default)
  // groups records (decision 0006, "Measured: strict").
  bool journal_strict = false;
  std::string domain = "localhost";  // default directory domain (FreeSWITCH $${domain})
  std::string registrations_db = "registrations.db";  // "" = not persisted
  // Behind a registrar front (docs/cluster.md, decision 0014): a `user/X`
  // with no registration here is dialled through this gateway, as
  // sofia/gateway/<it>/X, and the front finds the user. "" = off.
  std::string user_resolver_gateway;
  std::vector<ProfileConfig> profiles;
  std::vector<GatewayConfig> gateways;
  std::vector<AclConfig> acls;
  std::vector<UserConfig> users;
  // [route-keys.ID]: shared keys that sign routing requests and
  // notifications (docs/protocol.md §6); routes name one by id.
  std::vector<signing::SigningKey> route_keys;

  [[nodiscard]] const ProfileConfig* profile(std::string_view name) const noexcept;
  [[nodiscard]] const GatewayConfig* gateway(std::string_view name) const noexcept;
  [[nodiscard]] const AclConfig* acl(std::string_view name) const noexcept;
  [[nodiscard]] const signing::SigningKey* route_key(std::string_view id) const noexcept;
};

// The running configuration as components share it: immutable once loaded.
// A reload swaps in a new one; a call keeps the one it was admitted under.
using ConfigSnapshot = std::shared_ptr<const EngineConfig>;

}  // namespace ctib::config
