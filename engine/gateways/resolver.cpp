#include "engine/gateways/resolver.hpp"

#include "libs/base/text.hpp"

namespace ctib::gateways {

using causes::HangupCause;

namespace {

std::string host_of(const config::ProfileConfig& p) { return p.ext_sip_ip.empty() ? p.sip_ip : p.ext_sip_ip; }

// "user@host[:port]" as the number of a gateway target (§1.7: with `@` the
// number is the whole R-URI).
bool split_user_host(const std::string& text, dialstring::SipUri& uri) {
  auto at = text.find('@');
  uri.user = text.substr(0, at);
  std::string_view rest = std::string_view(text).substr(at + 1);
  auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
    auto port = base::parse_int(rest.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535) return false;
    uri.port = static_cast<std::uint16_t>(*port);
    rest = rest.substr(0, colon);
  }
  uri.host = std::string(rest);
  return !uri.host.empty();
}

}  // namespace

base::Expected<call::ResolvedTarget, HangupCause> resolve_gateway(const config::EngineConfig& config,
                                                                  const dialstring::GatewayTarget& t) {
  const config::GatewayConfig* gw = config.gateway(t.gateway);
  if (!gw) return base::unexpected(HangupCause::INVALID_GATEWAY);
  const config::ProfileConfig* profile = config.profile(gw->profile);
  if (!profile) return base::unexpected(HangupCause::INVALID_PROFILE);

  call::ResolvedTarget r;
  r.profile = profile->name;
  r.gateway = gw->name;
  std::string number = gw->destination_prefix + t.number;
  if (t.number.find('@') != std::string::npos) {
    if (!split_user_host(number, r.request_uri)) return base::unexpected(HangupCause::INVALID_URL);
  } else {
    r.request_uri.user = number;
    r.request_uri.host = gw->proxy_host;
    r.request_uri.port = gw->proxy_port;
  }
  r.request_uri.params = t.params;
  // §1.7: a transport= in the params must match register-transport.
  std::string transport = r.request_uri.transport();
  if (!transport.empty() && transport != gw->register_transport) {
    return base::unexpected(HangupCause::DESTINATION_OUT_OF_ORDER);
  }
  if (transport.empty() && gw->register_transport != "udp") {
    r.request_uri.params += ";transport=" + gw->register_transport;
  }
  r.to_user = t.to_user.empty() ? number : t.to_user;
  r.to_host = r.request_uri.host;
  r.outbound_proxy = gw->outbound_proxy;
  r.from_user = gw->from_user;
  r.from_host = gw->from_domain.empty() ? gw->proxy_host : gw->from_domain;
  r.caller_id_in_from = gw->caller_id_in_from;
  r.variables = gw->variables;
  r.variables.set("sip_gateway_name", gw->name);
  return r;
}

base::Expected<call::ResolvedTarget, HangupCause> resolve_profile(const config::EngineConfig& config,
                                                                  const dialstring::ProfileTarget& t) {
  const config::ProfileConfig* profile = config.profile(t.profile);
  if (!profile) return base::unexpected(HangupCause::INVALID_PROFILE);
  call::ResolvedTarget r;
  r.profile = profile->name;
  r.request_uri = t.uri;
  r.to_user = t.to_user.empty() ? t.uri.user : t.to_user;
  r.to_host = t.uri.host;
  r.from_host = host_of(*profile);
  r.caller_id_in_from = true;
  return r;
}

base::Expected<std::vector<call::ResolvedTarget>, HangupCause> ConfigTargetResolver::resolve(
    const dialstring::DialTarget& target) {
  using Result = base::Expected<std::vector<call::ResolvedTarget>, HangupCause>;
  auto one = [](base::Expected<call::ResolvedTarget, HangupCause> r) -> Result {
    if (!r) return base::unexpected(r.error());
    return std::vector<call::ResolvedTarget>{std::move(*r)};
  };
  struct Visitor {
    const config::EngineConfig& config;
    decltype(one)& wrap;
    Result operator()(const dialstring::GatewayTarget& t) const { return wrap(resolve_gateway(config, t)); }
    Result operator()(const dialstring::ProfileTarget& t) const { return wrap(resolve_profile(config, t)); }
    // No registrar yet: nobody is registered anywhere (§1.7 → 806).
    Result operator()(const dialstring::ProfileRegistrationTarget& t) const {
      if (!config.profile(t.profile)) return base::unexpected(HangupCause::INVALID_PROFILE);
      return base::unexpected(HangupCause::USER_NOT_REGISTERED);
    }
    // No user directory yet: every user is unknown (§5.5 → 20).
    Result operator()(const dialstring::UserTarget&) const {
      return base::unexpected(HangupCause::SUBSCRIBER_ABSENT);
    }
    Result operator()(const dialstring::FailTarget& t) const { return base::unexpected(t.cause); }
  };
  return std::visit(Visitor{config_, one}, target);
}

}  // namespace ctib::gateways
