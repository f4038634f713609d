#pragma once
// Resolves typed dial targets against the configured profiles and gateways
// (freeswitch-semantics §1.7, §5.3). Registered users arrive with the
// registrar; until then `user/` targets and `sofia/<profile>/<user>` find no
// one, with the causes FreeSWITCH gives for that.
//
// Threading: loop thread. Ownership: holds a reference to the immutable
// config snapshot, which the composition root keeps alive.

#include "engine/call/ports.hpp"
#include "engine/config/config.hpp"

namespace ctib::gateways {

class ConfigTargetResolver final : public call::TargetResolver {
 public:
  explicit ConfigTargetResolver(const config::EngineConfig& config) : config_(config) {}

  base::Expected<std::vector<call::ResolvedTarget>, causes::HangupCause> resolve(
      const dialstring::DialTarget& target) override;

 private:
  const config::EngineConfig& config_;
};

// The pieces, exposed for unit tests.
base::Expected<call::ResolvedTarget, causes::HangupCause> resolve_gateway(const config::EngineConfig& config,
                                                                          const dialstring::GatewayTarget& t);
base::Expected<call::ResolvedTarget, causes::HangupCause> resolve_profile(const config::EngineConfig& config,
                                                                          const dialstring::ProfileTarget& t);

}  // namespace ctib::gateways
