#include "engine/config/reader.hpp"
#include "engine/config/sections.hpp"
#include "engine/config/values.hpp"

namespace ctib::config {

namespace {

GatewayConfig read_gateway(const std::string& name, const toml::table& t, std::string_view source) {
  detail::TableReader r(t, "gateways." + name, source);
  GatewayConfig gw;
  gw.name = name;
  gw.profile = r.string("profile").value_or("external");
  auto proxy = r.string("proxy");
  if (!proxy) r.fail("proxy", "required: the host[:port] calls through this gateway go to");
  auto hp = parse_host_port(*proxy, 5060);
  if (!hp) r.fail("proxy", "'" + *proxy + "' is not host[:port]");
  gw.proxy_host = hp->host;
  gw.proxy_port = hp->port;
  gw.register_transport = r.string("register-transport").value_or("udp");
  if (gw.register_transport != "udp" && gw.register_transport != "tcp") {
    r.fail("register-transport", "'" + gw.register_transport + "' is not udp or tcp");
  }
  gw.from_user = r.string("from-user").value_or("");
  gw.from_domain = r.string("from-domain").value_or("");
  gw.caller_id_in_from = r.boolean("caller-id-in-from").value_or(false);
  gw.outbound_proxy = r.string("outbound-proxy").value_or("");
  if (!gw.outbound_proxy.empty() && !parse_host_port(gw.outbound_proxy, 5060)) {
    r.fail("outbound-proxy", "'" + gw.outbound_proxy + "' is not host[:port]");
  }
  gw.destination_prefix = r.string("destination-prefix").value_or("");
  gw.username = r.string("username").value_or("");
  gw.auth_username = r.string("auth-username").value_or(gw.username);
  gw.password = r.string("password").value_or("");
  gw.realm = r.string("realm").value_or("");
  gw.register_ = r.boolean("register").value_or(false);
  // FreeSWITCH skips a registering gateway without credentials; we refuse
  // to start rather than run without a trunk the operator expects.
  if (gw.register_ && (gw.username.empty() || gw.password.empty())) {
    r.fail("register", "register = true needs username and password");
  }
  auto seconds = [&](std::string_view key, unsigned fallback) {
    // FreeSWITCH: values below 5 fall back to the default; we say so instead.
    return static_cast<unsigned>(r.integer(key, 5, 86400 * 7).value_or(fallback));
  };
  gw.expire_seconds = seconds("expire-seconds", 3600);
  gw.retry_seconds = seconds("retry-seconds", 30);
  gw.timeout_seconds = seconds("timeout-seconds", 60);
  if (auto ping = r.integer("ping", 0, 86400)) {
    if (*ping != 0 && *ping < 5) r.fail("ping", "must be 0 (off) or at least 5 seconds");
    gw.ping = static_cast<unsigned>(*ping);
  }
  gw.ping_max = static_cast<unsigned>(r.integer("ping-max", 1, 1000).value_or(1));
  gw.ping_min = static_cast<unsigned>(r.integer("ping-min", 1, 1000).value_or(1));
  if (gw.ping_min > gw.ping_max) r.fail("ping-min", "is above ping-max");
  gw.extension = r.string("extension").value_or(gw.username);
  if (const toml::table* vars = r.table("variables")) gw.variables = read_variables(r, "variables", *vars);
  r.reject_unknown_keys();
  return gw;
}

}  // namespace

void read_gateways(const toml::table& gateways, std::string_view source, EngineConfig& cfg) {
  for (const auto& [key, node] : gateways) {
    std::string name(key.str());
    int line = static_cast<int>(node.source().begin.line);
    if (!valid_name(name)) {
      throw detail::Invalid{
          ConfigError{std::string(source), line, "gateways." + name, "a name is letters, digits, '.', '-', '_'"}};
    }
    if (!node.is_table()) {
      throw detail::Invalid{ConfigError{std::string(source), line, "gateways." + name, "expected a table"}};
    }
    cfg.gateways.push_back(read_gateway(name, *node.as_table(), source));
  }
}

}  // namespace ctib::config
