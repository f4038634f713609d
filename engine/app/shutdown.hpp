#pragma once
// The SIGTERM sequence: stop admitting calls; wait for the calls in progress
// to end, at most the grace period; hang up the rest; wait (briefly) for
// pending hangup notifications, which otherwise stay spooled for the next
// start; un-REGISTER the gateways; shut the SIP profiles down; stop the loop.

#include <spdlog/logger.h>

#include <chrono>
#include <optional>

#include "engine/b2bua/switch.hpp"
#include "engine/events/notifier.hpp"
#include "engine/gateways/manager.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::app {

class Shutdown {
 public:
  Shutdown(loop::SuRootLoop& loop, b2bua::Switch& sw, gateways::GatewayManager& gateways,
           events::Notifier& notifier, spdlog::logger& log, std::chrono::seconds grace)
      : loop_(loop), switch_(sw), gateways_(gateways), notifier_(notifier), log_(log), grace_(grace) {}

  // Idempotent: a second signal does not restart the sequence.
  void begin();

 private:
  void poll();
  void stop_profiles();

  loop::SuRootLoop& loop_;
  b2bua::Switch& switch_;
  gateways::GatewayManager& gateways_;
  events::Notifier& notifier_;
  spdlog::logger& log_;
  std::chrono::seconds grace_;
  bool begun_ = false;
  bool hung_up_ = false;
  bool stopping_ = false;
  std::chrono::milliseconds started_{0};
  std::optional<std::chrono::milliseconds> calls_gone_;
  loop::Timer tick_;
};

}  // namespace ctib::app
