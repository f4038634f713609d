#include "engine/gateways/resolver.hpp"

#include "engine/dialstring/sip_uri.hpp"
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
  r.auth_username = gw->auth_username;
  r.auth_password = gw->password;
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

std::vector<call::ResolvedTarget> resolve_bindings(const config::EngineConfig& config,
                                                   const std::vector<registrar::Binding>& bindings,
                                                   const std::string& to_user, const std::string& to_host) {
  std::vector<call::ResolvedTarget> out;
  for (const registrar::Binding& b : bindings) {
    const config::ProfileConfig* profile = config.profile(b.profile);
    auto uri = dialstring::parse_sip_uri(b.contact);
    if (!profile || !uri) continue;  // the profile left the config, or a contact we cannot dial
    call::ResolvedTarget r;
    r.profile = profile->name;
    r.request_uri = *uri;
    r.to_user = to_user;
    r.to_host = to_host;
    r.from_host = host_of(*profile);
    r.caller_id_in_from = true;
    // With several registrations the operator must learn which one answered:
    // `dialed` names the contact, in the form sofia_contact() expands to.
    r.dialed = "sofia/" + profile->name + "/" + b.contact;
    // NAT: the Contact names another host than the one the REGISTER came
    // from (a private address behind a router). Then the INVITE goes to the
    // received address and port (rport), FreeSWITCH's network_ip /
    // network_port. Over UDP the same host on another port is trusted (a
    // phone may send from another socket than it listens on).
    // Over TCP and TLS the INVITE always goes to the registration's source: that
    // is the connection the phone opened and keeps open (with CRLF
    // keep-alives); sofia reuses an open connection to that address, and a
    // phone behind NAT cannot be reached on any other (RFC 5626's flow).
    const bool natted = !b.received_ip.empty() && uri->host != b.received_ip &&
                        uri->host != "[" + b.received_ip + "]";
    const bool stream = b.transport == "tcp" || b.transport == "tls";
    const bool flow = stream && !b.received_ip.empty() && b.received_port != 0;
    if (natted || flow) {
      std::string ip = b.received_ip.find(':') != std::string::npos ? "[" + b.received_ip + "]" : b.received_ip;
      r.outbound_proxy = ip + ":" + std::to_string(b.received_port);
      // The hop's transport is the one the REGISTER used (the proxy URI gets
      // the Request-URI's transport parameter, so set that).
      if (stream && uri->transport().empty()) r.request_uri.params += ";transport=" + b.transport;
    }
    out.push_back(std::move(r));
  }
  return out;
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
    registrar::Registrar* registrar;
    const GatewayStatusView* status;
    decltype(one)& wrap;
    Result operator()(const dialstring::GatewayTarget& t) const {
      auto r = resolve_gateway(config, t);
      // §5.2: a gateway that is not UP fails the leg at once, so `|`
      // failover moves on without waiting for a timeout.
      if (r && status != nullptr && !status->up(t.gateway)) return base::unexpected(HangupCause::GATEWAY_DOWN);
      return wrap(std::move(r));
    }
    Result operator()(const dialstring::ProfileTarget& t) const { return wrap(resolve_profile(config, t)); }
    // §1.7: the registrations of user@(domain or the profile's domain) made on that profile.
    Result operator()(const dialstring::ProfileRegistrationTarget& t) const {
      const config::ProfileConfig* profile = config.profile(t.profile);
      if (!profile) return base::unexpected(HangupCause::INVALID_PROFILE);
      if (registrar == nullptr) return base::unexpected(HangupCause::USER_NOT_REGISTERED);
      std::string domain = t.domain.empty() ? profile->register_domain : t.domain;
      std::vector<registrar::Binding> bindings;
      for (auto& b : registrar->locate(t.user, domain)) {
        if (b.profile == profile->name) bindings.push_back(std::move(b));
      }
      auto targets = resolve_bindings(config, bindings, t.to_user.empty() ? t.user : t.to_user, domain);
      if (targets.empty()) return base::unexpected(HangupCause::USER_NOT_REGISTERED);
      return targets;
    }
    // §5.5: not in the directory → 20; in it but not registered → 806.
    // With user-resolver-gateway, a user without a registration here (and
    // perhaps without a directory entry: the directory may live at the
    // front) is dialled through that gateway instead (decision 0014).
    Result operator()(const dialstring::UserTarget& t) const {
      std::string domain = t.domain.empty() ? config.domain : t.domain;
      const bool known = registrar != nullptr && registrar->user(t.user, domain) != nullptr;
      std::vector<call::ResolvedTarget> targets;
      if (known) {
        targets =
            resolve_bindings(config, registrar->locate(t.user, domain), t.to_user.empty() ? t.user : t.to_user, domain);
      }
      if (targets.empty() && !config.user_resolver_gateway.empty()) {
        auto via = (*this)(dialstring::GatewayTarget{config.user_resolver_gateway, t.user, "", t.to_user});
        if (!via) return via;
        targets = std::move(*via);
      }
      if (targets.empty()) {
        return base::unexpected(known ? HangupCause::USER_NOT_REGISTERED : HangupCause::SUBSCRIBER_ABSENT);
      }
      for (auto& r : targets) {
        r.variables.set("dialed_user", t.user);
        r.variables.set("dialed_domain", domain);
      }
      return targets;
    }
    Result operator()(const dialstring::FailTarget& t) const { return base::unexpected(t.cause); }
  };
  return std::visit(Visitor{config_, registrar_, status_, one}, target);
}

}  // namespace ctib::gateways
