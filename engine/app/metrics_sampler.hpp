#pragma once
// Copies what the loop-owned components hold (calls in progress, gateways,
// registrations, pike, the socket guard, the load guard, notifications
// pending) into EngineMetrics every second, on the loop, so that a scrape on
// the admin thread reads only atomics and a locked copy (engine_metrics.hpp).
// A second is far below any scrape interval; the registrations copy is the
// one cost that grows (a walk of the bindings per profile).
//
// Ownership: main owns it, after every component it reads (destroyed first).
// Threading: loop thread.

#include <chrono>

#include "engine/app/engine_metrics.hpp"
#include "engine/b2bua/load_guard.hpp"
#include "engine/b2bua/switch.hpp"
#include "engine/edge/pike.hpp"
#include "engine/edge/socket_guard.hpp"
#include "engine/events/notifier.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/registrar.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::app {

struct SampledComponents {
  const b2bua::Switch& sw;
  const gateways::GatewayManager& gateways;
  const registrar::Registrar* registrar;  // null: no registrations
  const b2bua::LoadGuard& load;
  const edge::Pike& pike;
  const edge::SocketGuard& sockets;
  const events::Notifier& notifier;
};

// One copy, at once (tested on its own).
LoopSample sample(const SampledComponents& c);

class MetricsSampler {
 public:
  // Publishes once now, then every `period`.
  MetricsSampler(loop::EventLoop& loop, EngineMetrics& metrics, SampledComponents components,
                 std::chrono::milliseconds period = std::chrono::seconds(1));

 private:
  void tick();

  loop::EventLoop& loop_;
  EngineMetrics& metrics_;
  SampledComponents components_;
  std::chrono::milliseconds period_;
  loop::Timer timer_;
};

}  // namespace ctib::app
