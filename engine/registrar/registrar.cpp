// Registrar construction, the location lookup and persistence.

#include "engine/registrar/registrar.hpp"

namespace ctib::registrar {

namespace {

// The built-in "gateways" list: each gateway's proxy when it is a literal
// address (a hostname is not resolved here; list it in an [acls.*] instead).
Acl gateway_acl(const config::EngineConfig& config) {
  std::vector<config::Cidr> blocks;
  for (const auto& gw : config.gateways) {
    std::string host = gw.proxy_host;
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    if (auto block = config::parse_cidr(host)) blocks.push_back(*block);  // a /32 or /128
  }
  return Acl("gateways", std::move(blocks));
}

AuthGuard::Options guard_options(const config::EngineLimits& limits) {
  AuthGuard::Options o;
  o.max_failures = static_cast<unsigned>(limits.auth_fail_max);
  o.window = std::chrono::seconds(limits.auth_fail_window);
  o.ban = std::chrono::seconds(limits.auth_ban_seconds);
  return o;
}

}  // namespace

Registrar::Registrar(config::ConfigSnapshot config, Journal* journal, spdlog::logger& log, Clock clock)
    : config_(std::move(config)),
      journal_(journal),
      log_(log),
      clock_(std::move(clock)),
      directory_(*config_),
      auth_(directory_, nonces_),
      guard_(guard_options(config_->limits), log_, clock_) {
  unsigned max_per_user = 10;
  for (const auto& p : config_->profiles) max_per_user = std::max(max_per_user, p.max_registrations_per_user);
  registrations_ = Registrations(max_per_user);
  build_acls();
}

void Registrar::reconfigure(config::ConfigSnapshot config) {
  // Assigned in place: the Authenticator keeps its reference to directory_.
  directory_ = UserDirectory(*config);
  std::vector<Change> changes;
  for (const auto& u : config_->users) {
    if (directory_.find(u.id, u.domain) == nullptr) {
      auto gone = registrations_.forget(u.id + "@" + u.domain);
      changes.insert(changes.end(), gone.begin(), gone.end());
    }
  }
  persist(changes);
  config_ = std::move(config);
  build_acls();
}

void Registrar::build_acls() {
  const config::EngineConfig& config = *config_;
  profile_acls_.clear();
  for (const auto& p : config.profiles) {
    std::vector<Acl> acls;
    for (const auto& name : p.inbound_acls) {
      if (name == "gateways") {
        acls.push_back(gateway_acl(config));
      } else if (const config::AclConfig* acl = config.acl(name)) {
        acls.emplace_back(*acl);
      }
    }
    profile_acls_.emplace_back(p.name, std::move(acls));
  }
}

const std::vector<Acl>* Registrar::acls_of(const config::ProfileConfig& profile) const {
  for (const auto& [name, acls] : profile_acls_) {
    if (name == profile.name) return &acls;
  }
  return nullptr;  // a profile not in the config the Registrar was built from
}

void Registrar::restore(std::vector<Binding> bindings) {
  TimePoint now = clock_();
  for (Binding& b : bindings) registrations_.restore(std::move(b), now);
}

void Registrar::apply_replicated(const std::vector<Change>& changes) {
  const TimePoint now = clock_();
  for (const Change& c : changes) registrations_.apply_replicated(c, now);
  persist(changes);
}

void Registrar::persist(const std::vector<Change>& changes) {
  if (journal_ != nullptr) journal_->record(changes);
}

const User* Registrar::user(std::string_view id, std::string_view domain) const {
  return directory_.find(id, domain.empty() ? std::string_view(config_->domain) : domain);
}

std::vector<Binding> Registrar::locate(std::string_view id, std::string_view domain) {
  std::string aor = std::string(id) + "@" + std::string(domain.empty() ? std::string_view(config_->domain) : domain);
  std::vector<Change> changes;
  std::vector<Binding> out = registrations_.lookup(aor, clock_(), changes);
  persist(changes);
  return out;
}

}  // namespace ctib::registrar
