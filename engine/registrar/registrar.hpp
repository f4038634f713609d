#pragma once
// The registrar and the inbound-call gate of every profile:
//  - on_register: REGISTER with digest authentication (401), expiry bounds
//    (423 below the minimum, cut to the maximum), un-REGISTER (Expires: 0,
//    Contact: *), several contacts per user, NAT-aware bindings;
//  - admit_invite: who may send INVITEs (freeswitch-semantics §5.4): trunks
//    by source address (apply-inbound-acl), users by digest (auth-calls,
//    407); everyone else 403, counted and logged at a bounded rate;
//  - both: failed digest answers from untrusted sources feed the AuthGuard,
//    whose bans answer 403 without a challenge (auth_guard.hpp);
//  - locate: the live contacts of a user, for `user/` and
//    `sofia/PROFILE/USER` targets.
//
// Requests and answers are typed values: the SIP adapter parses the wire
// text and the b2bua glue converts; nothing here knows sofia-sip.
//
// Ownership: the composition root owns the Registrar and the Journal (which
// may be null: no persistence). The Registrar shares the configuration
// snapshot it was last given; a `User*` it hands out is valid until the next
// reconfigure(). Threading: loop thread only; the journal
// writes on its own thread.

#include <spdlog/logger.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/config.hpp"
#include "engine/registrar/acl.hpp"
#include "engine/registrar/auth_guard.hpp"
#include "engine/registrar/authenticate.hpp"
#include "engine/registrar/bindings.hpp"
#include "engine/registrar/clock.hpp"
#include "engine/registrar/directory.hpp"
#include "engine/registrar/journal.hpp"
#include "engine/registrar/nonce.hpp"

namespace ctib::registrar {

struct ContactSpec {
  std::string uri;                     // the Contact URI, without <>
  std::optional<unsigned> expires;     // its ;expires= parameter
};

// Where a request physically came from (socket peer, not Via).
struct Source {
  std::string ip;
  std::uint16_t port = 0;
  std::string transport;  // "udp", "tcp", ...
};

struct RegisterRequest {
  std::string to_user;  // the AOR's user part
  std::string call_id;
  std::uint32_t cseq = 0;
  bool wildcard = false;  // Contact: *
  std::vector<ContactSpec> contacts;
  std::optional<unsigned> expires;  // the Expires header
  std::optional<DigestCredentials> credentials;
  Source source;
  std::string user_agent;
};

struct ResponseHeader {
  std::string name;
  std::string value;
};

struct RegisterResponse {
  int status = 200;
  std::vector<ResponseHeader> headers;  // WWW-Authenticate, Min-Expires, Contact...
};

struct Admission {
  enum class Verdict : std::uint8_t { admit, challenge, forbid };
  Verdict verdict = Verdict::admit;
  std::vector<ResponseHeader> headers;  // Proxy-Authenticate on a challenge
  const User* user = nullptr;           // the authenticated caller, if any
  std::string why;                      // for the log line
};

class Registrar {
 public:
  Registrar(config::ConfigSnapshot config, Journal* journal, spdlog::logger& log, Clock clock = system_clock());

  // A reload: the directory, the ACLs and the default domain switch at once
  // for every later REGISTER and INVITE. Bindings of users no longer in the
  // directory are dropped; the others stay. Nonces stay valid.
  void reconfigure(config::ConfigSnapshot config);

  // Puts bindings read from the journal back (expired ones are skipped).
  void restore(std::vector<Binding> bindings);

  // N engine workers (decision 0020): `replicate` is told the changes each
  // REGISTER made here (to send to the other workers), and
  // apply_replicated() takes theirs (kept in this worker's journal too, so
  // a restarted worker has them).
  void replicate_to(std::function<void(const std::vector<Change>&)> replicate) { replicate_ = std::move(replicate); }
  void apply_replicated(const std::vector<Change>& changes);

  RegisterResponse on_register(const config::ProfileConfig& profile, const RegisterRequest& request);

  Admission admit_invite(const config::ProfileConfig& profile, const Source& source, const std::string& call_id,
                         const std::optional<DigestCredentials>& credentials);

  // Whether `ip` is in one of the profile's apply-inbound-acl lists: an
  // ACL'd trunk or gateway, exempt from per-source limits and admitted
  // first while the engine sheds load (trusted.cpp).
  [[nodiscard]] bool trusted(const config::ProfileConfig& profile, std::string_view ip) const;

  // The directory entry of id@domain ("" domain = the default domain).
  [[nodiscard]] const User* user(std::string_view id, std::string_view domain) const;
  // Live bindings of id@domain.
  std::vector<Binding> locate(std::string_view id, std::string_view domain);

  // Live bindings made on a profile (admin API).
  [[nodiscard]] std::vector<Binding> registrations(std::string_view profile) const {
    return registrations_.on_profile(profile, clock_());
  }
  // The current time of the registrar's clock (expiry of those bindings).
  [[nodiscard]] TimePoint now() const { return clock_(); }

  [[nodiscard]] std::uint64_t forbidden_invites() const noexcept { return forbidden_invites_; }
  // Password-guessing counters for metrics: failures(), bans(), refusals(),
  // banned_now(). Built once from the first snapshot's auth-* keys.
  [[nodiscard]] const AuthGuard& auth_guard() const noexcept { return guard_; }
  [[nodiscard]] const UserDirectory& directory() const noexcept { return directory_; }

 private:
  void persist(const std::vector<Change>& changes);
  // Logs a refused REGISTER or INVITE, at most kLogsPerWindow lines per window.
  void log_refusal(const std::string& line);
  void log_invite_refusal(const Source& source, const std::string& call_id, const std::string& profile,
                          const std::string& why);
  [[nodiscard]] const std::vector<Acl>* acls_of(const config::ProfileConfig& profile) const;
  void build_acls();

  // The snapshot the directory and ACLs were built from (User::config points into it).
  config::ConfigSnapshot config_;
  Journal* journal_;
  std::function<void(const std::vector<Change>&)> replicate_;  // loop thread; empty: one worker
  spdlog::logger& log_;
  Clock clock_;
  UserDirectory directory_;
  NonceStore nonces_;
  Authenticator auth_;
  Registrations registrations_;
  AuthGuard guard_;
  std::vector<std::pair<std::string, std::vector<Acl>>> profile_acls_;  // by profile name
  std::uint64_t forbidden_invites_ = 0;
  // Refusal logging is rate-limited: a scanner sends thousands of INVITEs.
  TimePoint log_window_start_{};
  unsigned logged_in_window_ = 0;
  std::uint64_t suppressed_ = 0;
};

}  // namespace ctib::registrar
