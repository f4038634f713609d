#pragma once
// Translations between the SIP adapter and the registrar / gateway manager,
// so neither knows the other's types: REGISTER requests and replies, INVITE
// admission, and the gateways' REGISTER/OPTIONS over the profiles.
//
// Ownership: SipGatewaySignalling borrows the Switch (for its profiles and
// its current config); the composition root owns it. Loop thread only.

#include <optional>

#include "engine/config/config.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/registrar.hpp"
#include "engine/sip/profile.hpp"
#include "engine/sip/types.hpp"

namespace ctib::b2bua {

class Switch;

std::optional<registrar::DigestCredentials> to_registrar(const std::optional<sip::DigestCredentials>& c);
registrar::RegisterRequest to_registrar(const sip::IncomingRegister& in);
registrar::Source to_registrar(const sip::SourceAddress& source);
sip::Headers to_sip(const std::vector<registrar::ResponseHeader>& headers);

class SipGatewaySignalling final : public gateways::GatewaySignalling {
 public:
  explicit SipGatewaySignalling(Switch& sw) : switch_(sw) {}

  std::unique_ptr<gateways::Registration> send_register(const config::GatewayConfig& gw,
                                                        std::chrono::seconds expires,
                                                        std::function<void(gateways::RegisterOutcome)> done) override;
  std::unique_ptr<call::Cancellable> send_options(const config::GatewayConfig& gw,
                                                  std::function<void(int status)> done) override;

 private:
  Switch& switch_;
};

}  // namespace ctib::b2bua
