// Registrar::on_register: RFC 3261 §10.3 with digest authentication.
//
//   no/invalid credentials → 401 + WWW-Authenticate (stale=true when only
//   the nonce had expired); unknown user or wrong password → 403; the
//   authenticated user registering another user's AOR → 403; an expiry
//   below register-min-expires → 423 + Min-Expires; out-of-order CSeq → 500;
//   more contacts than max-registrations-per-extension → 403; otherwise 200
//   listing every live contact with its remaining time. Before all that, a
//   source or user banned by the AuthGuard is refused 403 without a challenge.

#include <algorithm>

#include "engine/registrar/registrar.hpp"

namespace ctib::registrar {

namespace {

RegisterResponse refuse(int status) { return RegisterResponse{status, {}}; }

}  // namespace

RegisterResponse Registrar::on_register(const config::ProfileConfig& profile, const RegisterRequest& request) {
  if (profile.disable_register) return refuse(403);
  const std::string& realm = profile.register_domain;
  // Password guessing: an untrusted source (or the user it guesses, from a
  // source that failed) under a ban is refused without a challenge, even
  // with the right password, so guessing on yields nothing.
  const bool guarded = guard_.enabled() && !trusted(profile, request.source.ip);
  const std::string user_key =
      (request.credentials ? request.credentials->username : request.to_user) + "@" + realm;
  if (guarded && guard_.refused(request.source.ip, user_key)) return refuse(403);
  const TimePoint now = clock_();
  AuthOutcome auth = auth_.check(request.credentials, "REGISTER", realm, now);
  switch (auth.verdict) {
    case AuthVerdict::ok: break;
    case AuthVerdict::challenge:
    case AuthVerdict::stale:
      return RegisterResponse{
          401, {{"WWW-Authenticate", auth_.challenge(realm, auth.verdict == AuthVerdict::stale, now)}}};
    case AuthVerdict::unknown_user:
    case AuthVerdict::wrong_password:
      log_refusal(fmt::format("REGISTER {} from {}:{} on {}: {} for user '{}'", request.call_id, request.source.ip,
                              request.source.port, profile.name,
                              auth.verdict == AuthVerdict::unknown_user ? "unknown user" : "wrong password",
                              request.credentials ? request.credentials->username : ""));
      if (guarded) guard_.failed(request.source.ip, auth.verdict == AuthVerdict::wrong_password ? user_key : "");
      return refuse(403);
  }
  // FreeSWITCH inbound-reg-force-matching-username: one user's password
  // must not bind contacts to another user's number.
  if (request.to_user != auth.user->config->id) return refuse(403);

  BindingUpdate update;
  update.aor = auth.user->config->id + "@" + auth.user->config->domain;
  update.profile = profile.name;
  update.call_id = request.call_id;
  update.cseq = request.cseq;
  update.received_ip = request.source.ip;
  update.received_port = request.source.port;
  update.transport = request.source.transport;
  update.user_agent = request.user_agent;
  if (request.wildcard) {
    // RFC 3261 §10.3 step 6: `*` only alone and with Expires: 0.
    if (!request.contacts.empty() || request.expires.value_or(1) != 0) return refuse(400);
    update.wildcard = true;
  }
  for (const ContactSpec& c : request.contacts) {
    unsigned expires = c.expires.value_or(request.expires.value_or(profile.register_max_expires));
    if (expires != 0 && expires < profile.register_min_expires) {
      return RegisterResponse{423, {{"Min-Expires", std::to_string(profile.register_min_expires)}}};
    }
    update.contacts.push_back({c.uri, std::min(expires, profile.register_max_expires)});
  }

  std::vector<Change> changes;
  UpdateResult result = registrations_.apply(update, now, changes);
  persist(changes);
  if (replicate_ && !changes.empty()) replicate_(changes);
  if (result == UpdateResult::out_of_order) return refuse(500);
  if (result == UpdateResult::too_many) return refuse(403);

  for (const Change& c : changes) {
    log_.info("registration {} {} -> {} (from {}:{} on {})", c.kind == Change::Kind::upsert ? "of" : "ended:",
              c.binding.aor, c.binding.contact, c.binding.received_ip, c.binding.received_port, c.binding.profile);
  }
  RegisterResponse ok{200, {}};
  std::vector<Change> expired;
  for (const Binding& b : registrations_.lookup(update.aor, now, expired)) {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(b.expires_at - now).count();
    ok.headers.push_back({"Contact", "<" + b.contact + ">;expires=" + std::to_string(std::max<long long>(left, 0))});
  }
  persist(expired);
  return ok;
}

}  // namespace ctib::registrar
