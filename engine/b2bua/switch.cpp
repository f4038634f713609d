#include "engine/b2bua/switch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "engine/b2bua/registrar_glue.hpp"
#include "engine/b2bua/switch_internals.hpp"
#include "engine/b2bua/sip_legs.hpp"
#include "engine/dialstring/parse.hpp"
#include "libs/logging/call_log.hpp"

namespace ctib::b2bua {

using causes::HangupCause;

namespace {

std::string host_without_port(const std::string& host) {
  if (!host.empty() && host.front() == '[') return host.substr(0, host.find(']') + 1);
  auto colon = host.find(':');
  return colon == std::string::npos ? host : host.substr(0, colon);
}

}  // namespace

call::InboundInvite to_inbound(const std::string& profile, const sip::IncomingInvite& invite) {
  call::InboundInvite in;
  in.profile = profile;
  in.call_id = invite.call_id;
  in.from_display = invite.from.display;
  in.from_user = invite.from.user;
  in.from_host = host_without_port(invite.from.host);
  in.to_user = invite.to.user;
  in.request_user = invite.request_user;
  in.network_addr = invite.source.ip;
  in.network_port = invite.source.port;
  in.max_forwards = invite.max_forwards ? static_cast<int>(*invite.max_forwards) : 70;
  in.sdp = to_call(invite.body);
  for (const auto& h : invite.custom_headers) in.custom_headers.push_back({h.name, h.value});
  return in;
}

sip::OutgoingInvite to_outgoing(const call::OutgoingInvite& invite) {
  sip::OutgoingInvite out;
  out.request_uri = invite.target.request_uri.to_string();
  out.from = sip::NameAddr{invite.from_display, invite.from_user, invite.from_host};
  out.to = sip::NameAddr{"", invite.target.to_user, invite.target.to_host};
  out.max_forwards = static_cast<unsigned>(invite.max_forwards);
  for (const auto& h : invite.headers) out.custom_headers.push_back({h.name, h.value});
  if (invite.sdp) out.body = sip::Body{invite.sdp->content_type, invite.sdp->payload};
  out.session_expires = invite.session_timeout;
  if (!invite.target.auth_username.empty()) {
    out.auth = sip::AuthCredentials{invite.target.auth_username, invite.target.auth_password};
  }
  if (!invite.target.outbound_proxy.empty()) {
    out.outbound_proxy = "sip:" + invite.target.outbound_proxy;
    std::string transport = invite.target.request_uri.transport();
    if (!transport.empty()) *out.outbound_proxy += ";transport=" + transport;
  }
  return out;
}

Switch::Switch(SwitchDeps deps)
    : deps_(std::move(deps)),
      timers_(deps_.loop),
      finished_calls_(deps_.config->admin ? deps_.config->admin->keep_finished_calls : 0) {}

Switch::~Switch() {
  // Calls first: their legs belong to the profiles below.
  calls_.clear();
  profiles_.clear();
}

base::Expected<std::shared_ptr<Switch::Generation>, std::string> Switch::make_generation(config::ConfigSnapshot config,
                                                                                         const SwitchDeps& deps) {
  auto g = std::make_shared<Generation>(std::move(config), deps);
  for (const config::ProfileConfig& p : g->config->profiles) {
    if (p.route_failure.fallback_dial.empty()) continue;
    auto plan = dialstring::parse(p.route_failure.fallback_dial);
    if (!plan) return base::unexpected("profiles." + p.name + ".route-fallback-dial: " + plan.error().message);
    g->fallback_dials.emplace(p.name, call::RouteFailureAction::Dial{p.route_failure.fallback_dial, *plan});
  }
  return g;
}

base::Expected<std::unique_ptr<Switch::ProfileEntry>, std::string> Switch::bind(const config::ProfileConfig& p) {
  auto entry = std::make_unique<ProfileEntry>(*this, p);
  sip::ProfileConfig sc;
  sc.name = p.name;
  sc.listen_ip = p.sip_ip;
  sc.port = p.sip_port;
  if (p.tls) {
    sc.tls_port = p.tls_sip_port;
    sc.tls_cert_dir = p.tls_cert_dir;
  }
  sc.user_agent = current_->config->user_agent;
  sc.transaction_linger_ms = p.timer_t1x64_ms;
  sc.session_timers = p.enable_timer;
  sc.session_expires = p.session_timeout;
  sc.min_se = p.minimum_session_expires;
  sc.reliable_provisional = p.enable_100rel;
  sc.tcp_idle_timeout_ms = p.tcp.idle_timeout_ms;
  sc.tcp_header_timeout_ms = p.tcp.header_timeout_ms;
  sc.accept_register = deps_.registrar != nullptr && !p.disable_register;
  auto profile = sip::Profile::create(deps_.loop.root(), sc, *entry);
  if (!profile) {
    return base::unexpected("profile " + p.name + ": cannot listen on " + p.sip_ip + ":" +
                            std::to_string(p.sip_port) + ": " + profile.error().detail);
  }
  entry->profile = std::move(*profile);
  std::string methods;
  for (const auto& m : entry->profile->allowed_methods()) methods += (methods.empty() ? "" : ", ") + m;
  entry->allow_line = "Allow: " + methods + "\r\n";
  return entry;
}

const config::EngineConfig& Switch::config() const noexcept { return *current_->config; }

base::Expected<bool, std::string> Switch::start() {
  auto generation = make_generation(deps_.config, deps_);
  if (!generation) return base::unexpected(generation.error());
  current_ = std::move(*generation);
  for (const config::ProfileConfig& p : current_->config->profiles) {
    auto entry = bind(p);
    if (!entry) return base::unexpected(entry.error());
    profiles_.emplace(p.name, std::move(*entry));
  }
  return true;
}

call::CallSettings Switch::settings_for(const config::ProfileConfig& profile, const Generation& generation) {
  call::CallSettings s;
  s.profile = profile.name;
  if (profile.route) s.route = *profile.route;
  s.route_failure.cause = profile.route_failure.cause;
  s.route_failure.fallback_route = profile.route_failure.fallback_route;
  if (auto it = generation.fallback_dials.find(profile.name); it != generation.fallback_dials.end()) {
    s.route_failure.fallback_dial = it->second;
  }
  s.route_headers = profile.route_headers;
  s.defaults = profile.variables;
  // Anchoring needs both the [media] section and the relay client, which
  // main builds from the start snapshot only (a reload cannot add one).
  if (const auto& m = generation.config->media) {
    s.media.anchor = true;
    s.media.fallback_bypass = m->fallback_bypass;
    s.media.failure_cause = m->failure_cause;
    s.media.transcode = m->transcode;
    s.media.rtp_timeout_sec = profile.rtp_timeout_sec;
  }
  // Timelines are read only through the admin API.
  s.timeline = generation.config->admin.has_value();
  return s;
}

void Switch::on_invite(ProfileEntry& entry, std::unique_ptr<sip::InboundLeg> leg,
                       const sip::IncomingInvite& invite) {
  const config::EngineConfig& config = *current_->config;
  const config::ProfileConfig* found = config.profile(entry.bound_.name);
  // `why` empty: not logged. At overload a log line per INVITE is load too;
  // the LoadGuard's transitions are logged with the count (engine/app).
  if (deps_.admissions != nullptr) deps_.admissions->on_invite(entry.bound_.name);
  auto refuse = [&](Refusal reason, int status, sip::Headers headers, std::string_view why) {
    if (deps_.admissions != nullptr) deps_.admissions->on_refused(reason);
    if (!why.empty()) {
      deps_.log.warn("INVITE {} from {}:{} on {} refused {}: {}", invite.call_id, invite.source.ip,
                     invite.source.port, entry.bound_.name, status, why);
    }
    (void)leg->respond(sip::Reply{status, "", std::nullopt, std::move(headers), std::nullopt});
  };
  auto retry_after = [&] {
    return sip::Headers{{"Retry-After", std::to_string(config.limits.retry_after)}};
  };
  if (found == nullptr) {
    // Removed by a reload; it stays bound only until its last call ends.
    refuse(Refusal::profile_removed, 503, retry_after(), "the profile was removed from the configuration");
    return;
  }
  const config::ProfileConfig& profile = *found;

  // Trunks first: a flooding source is cut before anything else, and while
  // the loop sheds load only untrusted INVITEs are refused (docs/security.md).
  const bool from_trunk = trusted(profile, invite.source.ip);
  if (!from_trunk && flooding(invite.source.ip)) {
    refuse(Refusal::pike, 503, retry_after(), {});
    return;
  }
  if (draining_) {
    refuse(Refusal::draining, 503, retry_after(), "shutting down");
    return;
  }
  if (paused_) {
    refuse(Refusal::paused, 503, retry_after(), "paused");
    return;
  }
  if (!from_trunk && deps_.overloaded && deps_.overloaded()) {
    ++shed_;
    refuse(Refusal::load, 503, retry_after(), {});
    return;
  }
  if (static_cast<int>(calls_.size()) >= config.limits.max_calls) {
    refuse(Refusal::max_calls, 503, retry_after(), "max-calls reached");
    return;
  }
  const registrar::User* user = nullptr;
  if (!admit(profile, *leg, invite, user)) return;
  if (!profile.route && !(user && user->config->route)) {
    refuse(Refusal::no_route, 403, {}, "the profile has no route for inbound calls");
    return;
  }
  std::string uuid = uuids_.next();
  auto caller = std::make_unique<SipCallerLeg>(std::move(leg));
  SipCallerLeg& caller_ref = *caller;
  // The one shared_ptr copy per call: it pins the snapshot `profile` and
  // `user` point into, and the resolver the call's legs are placed with.
  std::shared_ptr<Generation> generation = current_;
  call::CallDeps deps{*this, generation->resolver, deps_.router, timers_, deps_.observer,
                      [&log = deps_.log, uuid](std::string_view line) {
                        logging::call_log(log, spdlog::level::info, uuid, "{}", line);
                      },
                      deps_.media};
  call::CallSettings settings = settings_for(profile, *generation);
  call::InboundInvite inbound = to_inbound(profile.name, invite);
  if (user != nullptr) {
    // The caller's own route and variables beat the profile's.
    if (user->config->route) settings.route = *user->config->route;
    settings.answer_defaults = user->config->variables;
    inbound.auth_username = user->config->id;
    inbound.auth_realm = user->config->domain;
  }
  auto c = std::make_unique<call::Call>(deps, std::move(settings), std::move(inbound), std::move(caller), uuid,
                                        [this, uuid] { finished(uuid); });
  caller_ref.attach(*c);
  call::Call& started = *c;
  ++entry.calls;
  calls_.emplace(uuid, CallSlot{std::move(generation), std::move(c), {&entry}});
  counters_.admitted(deps_.loop.now(), calls_.size());
  if (deps_.gateways != nullptr) deps_.gateways->count_call_in(invite.source.ip);
  logging::call_log(deps_.log, spdlog::level::info, uuid, "INVITE {} from {}:{} on {}: {} -> {}", invite.call_id,
                    invite.source.ip, invite.source.port, profile.name, invite.from.user, invite.request_user);
  started.start();
}

sip::Reply Switch::on_register(ProfileEntry& entry, const sip::IncomingRegister& request) {
  const config::ProfileConfig* profile = current_->config->profile(entry.bound_.name);
  if (deps_.registrar == nullptr || profile == nullptr) {
    return sip::Reply{.status = 403, .phrase = {}, .body = {}, .headers = {}, .reason = {}};
  }
  if (!trusted(*profile, request.source.ip) && flooding(request.source.ip)) {
    return sip::Reply{.status = 503, .phrase = {}, .body = {}, .headers = {}, .reason = {}};
  }
  auto response = deps_.registrar->on_register(*profile, to_registrar(request));
  return sip::Reply{.status = response.status, .phrase = {}, .body = {}, .headers = to_sip(response.headers),
                    .reason = {}};
}

bool Switch::admit(const config::ProfileConfig& profile, sip::InboundLeg& leg, const sip::IncomingInvite& invite,
                   const registrar::User*& user) {
  if (deps_.registrar == nullptr) return true;
  auto a = deps_.registrar->admit_invite(profile, to_registrar(invite.source), invite.call_id,
                                         to_registrar(invite.proxy_authorization));
  if (a.verdict == registrar::Admission::Verdict::admit) {
    user = a.user;
    return true;
  }
  // The registrar logged refusals (rate-limited); challenges are routine.
  int status = a.verdict == registrar::Admission::Verdict::challenge ? 407 : 403;
  if (status == 403 && deps_.admissions != nullptr) deps_.admissions->on_refused(Refusal::forbidden);
  (void)leg.respond(sip::Reply{.status = status, .phrase = {}, .body = {}, .headers = to_sip(a.headers), .reason = {}});
  return false;
}

sip::Profile* Switch::profile(std::string_view name) const {
  auto it = profiles_.find(name);
  return it == profiles_.end() || !it->second->serving() ? nullptr : it->second->profile.get();
}

void Switch::finished(const std::string& uuid) {
  // Not inside the call's own callback: destroy it on the next loop turn.
  // Its view is kept from then on: what is noted until that turn (a
  // notification result) still reaches the call itself.
  deps_.loop.post([this, alive = std::weak_ptr<bool>(alive_), uuid] {
    if (alive.expired()) return;
    auto node = calls_.extract(uuid);
    if (node.empty()) return;
    finished_calls_.add(node.mapped().call->view(true));
    std::vector<ProfileEntry*> used = std::move(node.mapped().profiles);
    node = {};  // the call and its legs go first
    for (ProfileEntry* entry : used) --entry->calls;
    if (pending_ > 0) apply_pending();
  });
}

void Switch::hangup_all() {
  for (auto& [uuid, slot] : calls_) {
    logging::call_log(deps_.log, spdlog::level::warn, uuid, "ending call: shutdown grace period is over");
    slot.call->hangup(HangupCause::SYSTEM_SHUTDOWN);
  }
}

void Switch::shutdown(std::function<void()> done) {
  stopping_ = true;
  // A profile already shutting down for a reload is not waited for: a
  // second shutdown() of it would never call back.
  std::vector<sip::Profile*> serving;
  for (auto& [name, entry] : profiles_) {
    if (entry->serving()) serving.push_back(entry->profile.get());
  }
  auto remaining = std::make_shared<std::size_t>(serving.size());
  if (*remaining == 0) {
    done();
    return;
  }
  for (sip::Profile* profile : serving) {
    profile->shutdown([remaining, done] {
      if (--*remaining == 0) done();
    });
  }
}

base::Expected<std::unique_ptr<call::CalleeLeg>, HangupCause> Switch::place(const call::OutgoingInvite& invite,
                                                                          call::CalleeEvents& events) {
  auto it = profiles_.find(invite.target.profile);
  if (it == profiles_.end()) return base::unexpected(HangupCause::INVALID_PROFILE);
  ProfileEntry& entry = *it->second;
  if (!entry.serving()) return base::unexpected(HangupCause::DESTINATION_OUT_OF_ORDER);
  // The profile counts this call until it ends (a pending restart waits).
  if (auto slot = calls_.find(invite.call_uuid); slot != calls_.end()) {
    auto& used = slot->second.profiles;
    if (std::find(used.begin(), used.end(), &entry) == used.end()) {
      used.push_back(&entry);
      ++entry.calls;
    }
  }
  auto callee = std::make_unique<SipCalleeLeg>(events);
  auto leg = it->second->profile->invite(to_outgoing(invite), *callee);
  if (!leg) {
    logging::call_log(deps_.log, spdlog::level::warn, invite.call_uuid, "outbound INVITE to {} not sent: {}",
                      invite.target.request_uri.to_string(), leg.error().detail);
    if (leg.error().code == sip::ErrorCode::invalid_uri) return base::unexpected(HangupCause::INVALID_URL);
    if (leg.error().code == sip::ErrorCode::invalid_header) return base::unexpected(HangupCause::INVALID_URL);
    return base::unexpected(HangupCause::DESTINATION_OUT_OF_ORDER);
  }
  callee->adopt(std::move(*leg));
  if (deps_.gateways != nullptr && !invite.target.gateway.empty())
    deps_.gateways->count_call_out(invite.target.gateway);
  return std::unique_ptr<call::CalleeLeg>(std::move(callee));
}

}  // namespace ctib::b2bua
