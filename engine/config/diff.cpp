#include "engine/config/diff.hpp"

#include <algorithm>

namespace ctib::config {

namespace {

template <typename T, typename Key>
const T* find(const std::vector<T>& items, const std::string& key, Key key_of) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return key_of(item) == key; });
  return it == items.end() ? nullptr : &*it;
}

// Added, removed and changed items of two lists keyed by `key_of`, in file order.
template <typename T, typename Key>
void compare(const std::vector<T>& running, const std::vector<T>& next, Key key_of, std::vector<std::string>& added,
             std::vector<std::string>& removed, std::vector<std::string>& changed) {
  for (const T& item : next) {
    const T* was = find(running, key_of(item), key_of);
    if (was == nullptr) {
      added.push_back(key_of(item));
    } else if (!(*was == item)) {
      changed.push_back(key_of(item));
    }
  }
  for (const T& item : running) {
    if (find(next, key_of(item), key_of) == nullptr) removed.push_back(key_of(item));
  }
}

// The profile keys that differ, other than the binding ones.
std::string changed_settings(const ProfileConfig& a, const ProfileConfig& b) {
  std::vector<const char*> keys;
  if (a.ext_sip_ip != b.ext_sip_ip) keys.push_back("ext-sip-ip");
  if (a.route != b.route) keys.push_back("route");
  if (a.route_failure != b.route_failure) keys.push_back("route-failure");
  if (a.route_headers != b.route_headers) keys.push_back("route-headers");
  if (a.variables != b.variables) keys.push_back("variables");
  if (a.rtp_timeout_sec != b.rtp_timeout_sec) keys.push_back("rtp-timeout-sec");
  if (a.auth_calls != b.auth_calls) keys.push_back("auth-calls");
  if (a.inbound_acls != b.inbound_acls) keys.push_back("apply-inbound-acl");
  if (a.register_domain != b.register_domain) keys.push_back("force-register-domain");
  if (a.register_min_expires != b.register_min_expires || a.register_max_expires != b.register_max_expires ||
      a.max_registrations_per_user != b.max_registrations_per_user) {
    keys.push_back("registration limits");
  }
  std::string out;
  for (const char* k : keys) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

}  // namespace

bool same_binding(const ProfileConfig& a, const ProfileConfig& b) noexcept {
  // The TCP timeouts are tport tags given when the stack binds, and so are
  // the session timer and 100rel settings (nua_create tags, decisions 0007, 0022).
  return a.sip_ip == b.sip_ip && a.sip_port == b.sip_port && a.timer_t1x64_ms == b.timer_t1x64_ms &&
         a.disable_register == b.disable_register && a.tcp == b.tcp && a.enable_timer == b.enable_timer &&
         a.session_timeout == b.session_timeout && a.minimum_session_expires == b.minimum_session_expires &&
         a.tls == b.tls && a.tls_sip_port == b.tls_sip_port && a.tls_cert_dir == b.tls_cert_dir &&
         a.enable_100rel == b.enable_100rel;
}

bool ConfigDiff::empty() const noexcept {
  return gateways_added.empty() && gateways_removed.empty() && gateways_changed.empty() && users_added.empty() &&
         users_removed.empty() && users_changed.empty() && acls_added.empty() && acls_removed.empty() &&
         acls_changed.empty() && profiles_added.empty() && profiles_removed.empty() && profiles_rebound.empty() &&
         profiles_changed.empty() && globals_changed.empty() && needs_restart.empty();
}

ConfigDiff diff(const EngineConfig& running, const EngineConfig& next) {
  ConfigDiff d;
  auto by_name = [](const auto& item) { return item.name; };
  compare(running.gateways, next.gateways, by_name, d.gateways_added, d.gateways_removed, d.gateways_changed);
  compare(running.acls, next.acls, by_name, d.acls_added, d.acls_removed, d.acls_changed);
  compare(running.users, next.users, [](const UserConfig& u) { return u.id + "@" + u.domain; }, d.users_added,
          d.users_removed, d.users_changed);

  std::vector<std::string> changed_profiles;
  compare(running.profiles, next.profiles, by_name, d.profiles_added, d.profiles_removed, changed_profiles);
  for (const std::string& name : changed_profiles) {
    const ProfileConfig& a = *running.profile(name);
    const ProfileConfig& b = *next.profile(name);
    if (!same_binding(a, b)) d.profiles_rebound.push_back(name);
    std::string keys = changed_settings(a, b);
    if (!keys.empty()) d.profiles_changed.push_back("profile " + name + ": " + keys);
  }

  if (running.logging.level != next.logging.level) d.globals_changed.emplace_back("logging.level");
  if (running.limits.max_calls != next.limits.max_calls) d.globals_changed.emplace_back("max-calls");
  if (running.limits.retry_after != next.limits.retry_after) d.globals_changed.emplace_back("retry-after");
  if (running.domain != next.domain) d.globals_changed.emplace_back("domain");
  if (running.user_resolver_gateway != next.user_resolver_gateway) {
    d.globals_changed.emplace_back("user-resolver-gateway");
  }
  if (running.route_keys != next.route_keys) d.globals_changed.emplace_back("route-keys");

  // Owned by components built once at start (the logger's sink, the spool
  // and its thread, the journal and its thread, the HTTP client, the load
  // guard, the shutdown timer): swapping them under live calls is not worth
  // the risk.
  if (running.logging.file != next.logging.file) d.needs_restart.emplace_back("logging.file");
  // The formatter (text/JSON, masking, redaction) is built into the sink.
  if (running.logging.format != next.logging.format) d.needs_restart.emplace_back("logging.format");
  if (running.logging.mask_numbers != next.logging.mask_numbers) d.needs_restart.emplace_back("logging.mask-numbers");
  if (running.logging.redact_query_names != next.logging.redact_query_names) {
    d.needs_restart.emplace_back("logging.redact-query-names");
  }
  if (running.spool_dir != next.spool_dir) d.needs_restart.emplace_back("spool-dir");
  if (running.workers != next.workers) d.needs_restart.emplace_back("workers");
  if (running.journal_strict != next.journal_strict) d.needs_restart.emplace_back("journal-sync");
  if (running.registrations_db != next.registrations_db) d.needs_restart.emplace_back("registrations-db");
  if (running.user_agent != next.user_agent) d.needs_restart.emplace_back("user-agent");
  if (running.http_client != next.http_client) d.needs_restart.emplace_back("http-client");
  if (running.limits.shutdown_grace != next.limits.shutdown_grace) d.needs_restart.emplace_back("shutdown-grace");
  // The admin server is bound once, and the ring of finished calls sized once.
  if (running.admin != next.admin) d.needs_restart.emplace_back("admin");
  // The rtpengine client is built once, at start.
  if (running.media != next.media) d.needs_restart.emplace_back("media");
  // The Pike table and the SocketGuard are built once at start.
  if (running.limits.pike_rate != next.limits.pike_rate || running.limits.pike_burst != next.limits.pike_burst ||
      running.limits.pike_ban_seconds != next.limits.pike_ban_seconds) {
    d.needs_restart.emplace_back("pike");
  }
  // The Registrar builds its AuthGuard once (its counts and bans would be lost).
  if (running.limits.auth_fail_max != next.limits.auth_fail_max ||
      running.limits.auth_fail_window != next.limits.auth_fail_window ||
      running.limits.auth_ban_seconds != next.limits.auth_ban_seconds) {
    d.needs_restart.emplace_back("auth-fail");
  }
  if (running.limits.http_connections_per_host != next.limits.http_connections_per_host) {
    d.needs_restart.emplace_back("http-connections-per-host");
  }
  if (running.limits.min_idle_cpu != next.limits.min_idle_cpu) d.needs_restart.emplace_back("min-idle-cpu");
  return d;
}

}  // namespace ctib::config
