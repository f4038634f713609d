#include <filesystem>
#include <system_error>

#include "engine/config/reader.hpp"
#include "engine/config/sections.hpp"
#include "engine/config/values.hpp"

namespace ctib::config {

routing::RouteConfig read_route_table(detail::TableReader& profile, const toml::table& t) {
  detail::TableReader r(t, profile.key_path("route"), profile.source());
  routing::RouteSettings s;
  s.url = r.string("url");
  auto setting = [&](std::string_view key) -> std::optional<routing::SettingValue> {
    const toml::node* n = r.node(key);
    if (!n) return std::nullopt;
    if (n->is_integer()) return routing::SettingValue(n->as_integer()->get());
    if (n->is_string()) return routing::SettingValue(std::string(n->as_string()->get()));
    r.fail(key, "expected a whole number");
  };
  s.connect_timeout = setting("connect_timeout");
  s.response_timeout = setting("response_timeout");
  s.notify_type = setting("notify_type");
  s.method = r.string("method");
  r.reject_unknown_keys();
  auto route = routing::make_route_config(s);
  if (!route) r.fail(route.error().field, route.error().message);
  return *route;
}

routing::RouteConfig parse_cti_bridge(detail::TableReader& r, std::string_view key, const std::string& data) {
  auto route = routing::parse_invocation(data);
  if (!route) r.fail(key, route.error().message);
  return *route;
}

namespace {

ProfileConfig read_profile(const std::string& name, const toml::table& t, std::string_view source) {
  detail::TableReader r(t, "profiles." + name, source);
  ProfileConfig p;
  p.name = name;
  p.sip_ip = r.string("sip-ip").value_or("127.0.0.1");
  p.sip_port = r.port("sip-port").value_or(5060);
  p.ext_sip_ip = r.string("ext-sip-ip").value_or("");
  p.tls = r.boolean("tls").value_or(false);
  p.tls_sip_port = r.port("tls-sip-port").value_or(5061);
  p.tls_cert_dir = r.string("tls-cert-dir").value_or("");
  if (p.tls) {
    std::error_code ec;
    if (p.tls_cert_dir.empty()) r.fail("tls-cert-dir", "is required with tls = true");
    if (!std::filesystem::exists(std::filesystem::path(p.tls_cert_dir) / "agent.pem", ec)) {
      r.fail("tls-cert-dir", "'" + p.tls_cert_dir + "' has no agent.pem (key and certificate)");
    }
    if (p.tls_sip_port == p.sip_port) r.fail("tls-sip-port", "is the same as sip-port");
  }
  if (auto t1x64 = r.integer("timer-T1X64", 1000, 64000)) p.timer_t1x64_ms = static_cast<unsigned>(*t1x64);
  p.enable_timer = r.boolean("enable-timer").value_or(true);
  p.enable_100rel = r.boolean("enable-100rel").value_or(false);
  // RFC 4028 puts the floor at 90 s; lower values are accepted so tests can
  // run several refresh intervals in seconds (docs/configuration.md).
  p.minimum_session_expires = static_cast<unsigned>(
      r.integer("minimum-session-expires", 2, 86400).value_or(p.minimum_session_expires));
  p.rtp_timeout_sec = static_cast<unsigned>(r.integer("rtp-timeout-sec", 0, 86400).value_or(0));
  p.session_timeout =
      static_cast<unsigned>(r.integer("session-timeout", 0, 86400).value_or(p.session_timeout));
  if (p.session_timeout != 0 && p.session_timeout < p.minimum_session_expires) {
    r.fail("session-timeout", "is below minimum-session-expires (" +
                                  std::to_string(p.minimum_session_expires) + "); 0 asks for no timer");
  }
  if (auto data = r.string("cti_bridge")) p.route = parse_cti_bridge(r, "cti_bridge", *data);
  if (const toml::table* route = r.table("route")) {
    if (p.route) r.fail("route", "give either cti_bridge or [route], not both");
    p.route = read_route_table(r, *route);
  }
  read_route_key_id(r, "cti_bridge_key", p.route);
  if (auto cause = r.string("route-failure-cause")) {
    auto parsed = causes::parse(*cause);
    if (!parsed) r.fail("route-failure-cause", "'" + *cause + "' is not a hangup cause name or number");
    p.route_failure.cause = *parsed;
  }
  if (auto data = r.string("route-fallback")) {
    p.route_failure.fallback_route = parse_cti_bridge(r, "route-fallback", *data);
  }
  read_route_key_id(r, "route-fallback-key", p.route_failure.fallback_route);
  p.route_failure.fallback_dial = r.string("route-fallback-dial").value_or("");
  if (p.route_failure.fallback_route && !p.route_failure.fallback_dial.empty()) {
    r.fail("route-fallback-dial", "give either route-fallback or route-fallback-dial, not both");
  }
  p.route_headers = r.strings("route-headers");
  if (const toml::table* vars = r.table("variables")) p.variables = read_variables(r, "variables", *vars);
  p.auth_calls = r.boolean("auth-calls").value_or(false);
  p.inbound_acls = r.strings("apply-inbound-acl");
  p.register_domain = r.string("force-register-domain").value_or("");
  p.disable_register = r.boolean("disable-register").value_or(false);
  p.register_min_expires = static_cast<unsigned>(r.integer("register-min-expires", 1, 86400).value_or(60));
  p.register_max_expires = static_cast<unsigned>(r.integer("register-max-expires", 1, 86400).value_or(3600));
  if (p.register_max_expires < p.register_min_expires) {
    r.fail("register-max-expires", "is below register-min-expires");
  }
  p.max_registrations_per_user =
      static_cast<unsigned>(r.integer("max-registrations-per-extension", 1, 1000).value_or(10));
  p.tcp = read_tcp_limits(r);
  r.reject_unknown_keys();
  return p;
}

}  // namespace

void read_profiles(const toml::table& profiles, std::string_view source, EngineConfig& cfg) {
  for (const auto& [key, node] : profiles) {
    std::string name(key.str());
    if (!valid_name(name)) {
      throw detail::Invalid{ConfigError{std::string(source), static_cast<int>(node.source().begin.line),
                                        "profiles." + name, "a name is letters, digits, '.', '-', '_'"}};
    }
    if (!node.is_table()) {
      throw detail::Invalid{ConfigError{std::string(source), static_cast<int>(node.source().begin.line),
                                        "profiles." + name, "expected a table"}};
    }
    cfg.profiles.push_back(read_profile(name, *node.as_table(), source));
  }
}

}  // namespace ctib::config
