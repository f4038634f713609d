#pragma once
// Resolves typed dial targets against the configured profiles and gateways
// (freeswitch-semantics §1.7, §5.3) and the registrar's user directory and
// registrations (§5.5): `user/EXT[@DOMAIN]` and `sofia/PROFILE/USER` ring
// every registered contact of the user, in parallel.
//
// Behind a registrar front, `user-resolver-gateway` names the gateway a
// `user/` target without a registration here is dialled through (decision
// 0014); the gateway's causes apply then.
//
// Causes: unknown gateway INVALID_GATEWAY; gateway not UP GATEWAY_DOWN;
// unknown profile INVALID_PROFILE; user not in the directory
// SUBSCRIBER_ABSENT; no live registration USER_NOT_REGISTERED.
//
// Threading: loop thread. Ownership: borrows the immutable config snapshot,
// the registrar and the gateway status, which the composition root keeps
// alive. Either may be null (no users / every gateway UP), as in unit tests.

#include "engine/call/ports.hpp"
#include "engine/config/config.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/registrar.hpp"

namespace ctib::gateways {

class ConfigTargetResolver final : public call::TargetResolver {
 public:
  explicit ConfigTargetResolver(const config::EngineConfig& config, registrar::Registrar* registrar = nullptr,
                                const GatewayStatusView* status = nullptr)
      : config_(config), registrar_(registrar), status_(status) {}

  base::Expected<std::vector<call::ResolvedTarget>, causes::HangupCause> resolve(
      const dialstring::DialTarget& target) override;

 private:
  const config::EngineConfig& config_;
  registrar::Registrar* registrar_;
  const GatewayStatusView* status_;
};

// The pieces, exposed for unit tests.
base::Expected<call::ResolvedTarget, causes::HangupCause> resolve_gateway(const config::EngineConfig& config,
                                                                          const dialstring::GatewayTarget& t);
base::Expected<call::ResolvedTarget, causes::HangupCause> resolve_profile(const config::EngineConfig& config,
                                                                          const dialstring::ProfileTarget& t);
// One target per registered contact: Request-URI = the Contact; when the
// REGISTER came from another address (NAT), the INVITE is sent there
// (received/rport) through `outbound_proxy`.
std::vector<call::ResolvedTarget> resolve_bindings(const config::EngineConfig& config,
                                                   const std::vector<registrar::Binding>& bindings,
                                                   const std::string& to_user, const std::string& to_host);

}  // namespace ctib::gateways
