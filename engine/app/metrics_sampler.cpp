#include "engine/app/metrics_sampler.hpp"

namespace ctib::app {

LoopSample sample(const SampledComponents& c) {
  LoopSample s;
  s.calls_active = c.sw.calls();
  s.notifications_pending = c.notifier.pending();
  s.shedding = c.load.shedding();
  s.pike_refused = c.pike.refused();
  s.tcp_closed = c.sockets.closed();
  for (const gateways::GatewayView& g : c.gateways.views()) {
    s.gateways.push_back({g.name, std::string(gateways::name(g.state)), g.status == gateways::Status::UP});
  }
  if (c.registrar != nullptr) {
    const registrar::AuthGuard& guard = c.registrar->auth_guard();
    s.auth_failures = guard.failures();
    s.auth_bans = guard.bans();
    s.auth_refused = guard.refusals();
    s.auth_banned_now = guard.banned_now();
    for (const config::ProfileConfig& p : c.sw.config().profiles) {
      s.registrations.emplace_back(p.name, c.registrar->registrations(p.name).size());
    }
  }
  return s;
}

MetricsSampler::MetricsSampler(loop::EventLoop& loop, EngineMetrics& metrics, SampledComponents components,
                               std::chrono::milliseconds period)
    : loop_(loop), metrics_(metrics), components_(components), period_(period) {
  tick();
}

void MetricsSampler::tick() {
  metrics_.publish(sample(components_));
  timer_ = loop_.start_timer(period_, [this] { tick(); });
}

}  // namespace ctib::app
