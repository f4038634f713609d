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
  // Registration and digest authentication arrive with the registrar work;
  // until then a gateway is static (FreeSWITCH register=false), and saying
  // otherwise must not be silently accepted.
  if (r.boolean("register").value_or(false)) {
    r.fail("register", "gateway registration is not supported yet; use register = false");
  }
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
