#include "engine/b2bua/registrar_glue.hpp"

#include "engine/b2bua/switch.hpp"

namespace ctib::b2bua {

namespace {

std::string transport_name(sip::Transport t) {
  switch (t) {
    case sip::Transport::udp: return "udp";
    case sip::Transport::tcp: return "tcp";
    case sip::Transport::tls: return "tls";
    case sip::Transport::other: break;
  }
  return "";
}

// The Cancellable the gateway manager holds: dropping it drops the request.
class PendingRequest final : public call::Cancellable {
 public:
  explicit PendingRequest(std::unique_ptr<sip::ClientRequest> r) : request_(std::move(r)) {}
  void cancel() override { request_.reset(); }

 private:
  std::unique_ptr<sip::ClientRequest> request_;
};

class SipRegistration final : public gateways::Registration {
 public:
  explicit SipRegistration(std::unique_ptr<sip::ClientRequest> r) : request_(std::move(r)) {}
  bool refresh(std::chrono::seconds expires) override {
    return request_->refresh(static_cast<unsigned>(expires.count()));
  }

 private:
  std::unique_ptr<sip::ClientRequest> request_;
};

std::string host_port(const std::string& host, std::uint16_t port) {
  return port == 5060 ? host : host + ":" + std::to_string(port);
}

// "sip:host[:port][;transport=tcp]" for the gateway's proxy.
std::string proxy_uri(const config::GatewayConfig& gw) {
  std::string uri = "sip:" + host_port(gw.proxy_host, gw.proxy_port);
  if (gw.register_transport != "udp") uri += ";transport=" + gw.register_transport;
  return uri;
}

std::optional<std::string> outbound_proxy(const config::GatewayConfig& gw) {
  if (gw.outbound_proxy.empty()) return std::nullopt;
  std::string uri = "sip:" + gw.outbound_proxy;
  if (gw.register_transport != "udp") uri += ";transport=" + gw.register_transport;
  return uri;
}

}  // namespace

std::optional<registrar::DigestCredentials> to_registrar(const std::optional<sip::DigestCredentials>& c) {
  if (!c) return std::nullopt;
  return registrar::DigestCredentials{c->username, c->realm,     c->nonce, c->uri,    c->response,
                                      c->algorithm, c->qop,      c->nc,    c->cnonce, c->opaque};
}

registrar::Source to_registrar(const sip::SourceAddress& source) {
  return registrar::Source{source.ip, source.port, transport_name(source.transport)};
}

registrar::RegisterRequest to_registrar(const sip::IncomingRegister& in) {
  registrar::RegisterRequest r;
  r.to_user = in.to.user;
  r.call_id = in.call_id;
  r.cseq = in.cseq;
  r.wildcard = in.wildcard;
  for (const auto& c : in.contacts) r.contacts.push_back({c.uri, c.expires});
  r.expires = in.expires;
  r.credentials = to_registrar(in.authorization);
  r.source = to_registrar(in.source);
  r.user_agent = in.user_agent;
  return r;
}

sip::Headers to_sip(const std::vector<registrar::ResponseHeader>& headers) {
  sip::Headers out;
  for (const auto& h : headers) out.push_back({h.name, h.value});
  return out;
}

std::unique_ptr<gateways::Registration> SipGatewaySignalling::send_register(
    const config::GatewayConfig& gw, std::chrono::seconds expires, std::function<void(gateways::RegisterOutcome)> done) {
  sip::Profile* profile = switch_.profile(gw.profile);
  if (profile == nullptr) return nullptr;
  sip::OutgoingRegister r;
  r.registrar_uri = proxy_uri(gw);
  // To/From: username@(from-domain or proxy host), FreeSWITCH's default
  // (distinct-to off).
  r.aor = sip::NameAddr{"", gw.from_user.empty() ? gw.username : gw.from_user,
                        gw.from_domain.empty() ? gw.proxy_host : gw.from_domain};
  r.contact_user = gw.extension.empty() ? gw.username : gw.extension;
  r.expires = static_cast<unsigned>(expires.count());
  r.outbound_proxy = outbound_proxy(gw);
  r.auth = sip::AuthCredentials{gw.auth_username, gw.password};
  auto sent = profile->send_register(r, [done = std::move(done)](const sip::ClientResult& result) {
    gateways::RegisterOutcome outcome{result.status, std::nullopt};
    if (result.expires) outcome.expires = std::chrono::seconds(*result.expires);
    done(outcome);
  });
  if (!sent) return nullptr;
  return std::make_unique<SipRegistration>(std::move(*sent));
}

std::unique_ptr<call::Cancellable> SipGatewaySignalling::send_options(const config::GatewayConfig& gw,
                                                                      std::function<void(int status)> done) {
  sip::Profile* profile = switch_.profile(gw.profile);
  if (profile == nullptr) return nullptr;
  sip::OutgoingOptions o;
  o.request_uri = proxy_uri(gw);
  const config::ProfileConfig* pc = switch_.config().profile(gw.profile);
  std::string from_host = pc != nullptr && !pc->ext_sip_ip.empty() ? pc->ext_sip_ip : "";
  o.from = sip::NameAddr{"", gw.username.empty() ? "ping" : gw.username, from_host};
  o.outbound_proxy = outbound_proxy(gw);
  auto sent = profile->send_options(o, [done = std::move(done)](const sip::ClientResult& r) { done(r.status); });
  if (!sent) return nullptr;
  return std::make_unique<PendingRequest>(std::move(*sent));
}

}  // namespace ctib::b2bua
