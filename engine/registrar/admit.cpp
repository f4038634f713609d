// Registrar::admit_invite: who may send INVITEs to a profile
// (freeswitch-semantics §5.4, toll-fraud protection).
//
//   source in one of the profile's apply-inbound-acl lists → admitted as a
//   trunk, no challenge;
//   else auth-calls = true → digest: no/stale credentials → 407 with
//   Proxy-Authenticate; unknown user or wrong password → 403; valid → the
//   call carries the authenticated user;
//   else, the profile has ACLs → 403 (an ACL miss without auth-calls);
//   else (neither configured) → admitted: an open profile, as FreeSWITCH's
//   external profile. The engine warns about such profiles at start.
//
// On auth-calls, failed digest answers feed the AuthGuard; a banned source
// (or a banned user from a source that failed) is refused 403 before any
// challenge. ACL'd sources are admitted above and never reach it.

#include "engine/registrar/registrar.hpp"

namespace ctib::registrar {

namespace {

constexpr std::chrono::seconds kLogWindow{10};
constexpr unsigned kLogsPerWindow = 20;

}  // namespace

void Registrar::log_refusal(const std::string& line) {
  TimePoint now = clock_();
  if (now - log_window_start_ >= kLogWindow) {
    if (suppressed_ > 0) {
      log_.warn("{} more refused INVITEs and REGISTERs not logged in the last {} s", suppressed_, kLogWindow.count());
    }
    log_window_start_ = now;
    logged_in_window_ = 0;
    suppressed_ = 0;
  }
  if (logged_in_window_ >= kLogsPerWindow) {
    ++suppressed_;
    return;
  }
  ++logged_in_window_;
  log_.warn("{}", line);
}

void Registrar::log_invite_refusal(const Source& source, const std::string& call_id, const std::string& profile,
                                   const std::string& why) {
  log_refusal(fmt::format("INVITE {} from {}:{} on {} refused 403: {} ({} refused so far)", call_id, source.ip,
                          source.port, profile, why, forbidden_invites_));
}

Admission Registrar::admit_invite(const config::ProfileConfig& profile, const Source& source,
                                  const std::string& call_id, const std::optional<DigestCredentials>& credentials) {
  const std::vector<Acl>* acls = acls_of(profile);
  const bool has_acls = acls != nullptr && !acls->empty();
  if (has_acls) {
    for (const Acl& acl : *acls) {
      if (acl.allows(source.ip)) return Admission{Admission::Verdict::admit, {}, nullptr, "acl " + acl.name()};
    }
  }
  if (!profile.auth_calls) {
    if (!has_acls) return Admission{Admission::Verdict::admit, {}, nullptr, "open profile"};
    ++forbidden_invites_;
    Admission a{Admission::Verdict::forbid, {}, nullptr, "source address not in apply-inbound-acl"};
    log_invite_refusal(source, call_id, profile.name, a.why);
    return a;
  }
  // A source (or a user from a source) banned for guessing gets no challenge
  // and no verdict on its password; not logged per request (the ban was).
  if (guard_.refused(source.ip, credentials ? credentials->username + "@" + profile.register_domain : "")) {
    ++forbidden_invites_;
    return Admission{Admission::Verdict::forbid, {}, nullptr, "authentication ban"};
  }
  const TimePoint now = clock_();
  AuthOutcome auth = auth_.check(credentials, "INVITE", profile.register_domain, now);
  switch (auth.verdict) {
    case AuthVerdict::ok: return Admission{Admission::Verdict::admit, {}, auth.user, "digest"};
    case AuthVerdict::challenge:
    case AuthVerdict::stale:
      return Admission{Admission::Verdict::challenge,
                       {{"Proxy-Authenticate",
                         auth_.challenge(profile.register_domain, auth.verdict == AuthVerdict::stale, now)}},
                       nullptr,
                       "challenged"};
    case AuthVerdict::unknown_user:
    case AuthVerdict::wrong_password: break;
  }
  ++forbidden_invites_;
  guard_.failed(source.ip, auth.verdict == AuthVerdict::wrong_password
                               ? credentials->username + "@" + profile.register_domain
                               : "");
  Admission a{Admission::Verdict::forbid, {}, nullptr,
              auth.verdict == AuthVerdict::unknown_user ? "unknown user '" + credentials->username + "'"
                                                        : "wrong password for '" + credentials->username + "'"};
  log_invite_refusal(source, call_id, profile.name, a.why);
  return a;
}

}  // namespace ctib::registrar
