// GET /v1/status (FreeSWITCH `status`).
#include "engine/admin/context.hpp"
#include "engine/admin/on_loop.hpp"
#include "engine/admin/views.hpp"

namespace ctib::admin {

Response status_response(const Context& ctx) {
  // Captures the components (they outlive the loop's run), not ctx: the
  // task may run after this handler gave up waiting (on_loop.hpp).
  auto view =
      on_loop<StatusView>(ctx.loop, [&loop = ctx.loop, &sw = ctx.sw, &load = ctx.load, version = ctx.version,
                                     started_at = ctx.started_at] {
        // What new calls get: a reload changes it.
        const config::EngineConfig& config = sw.config();
        StatusView s;
        s.version = version;
        s.started_at = started_at;
        s.now = std::chrono::system_clock::now();
        s.calls_up = sw.calls();
        s.calls_peak = sw.counters().peak();
        s.calls_total = sw.counters().total();
        s.rates = sw.counters().rates(loop.now());
        s.max_calls = config.limits.max_calls;
        s.paused = sw.paused();
        s.draining = sw.draining();
        s.shedding = load.shedding();
        s.idle_percent = load.idle_percent();
        s.min_idle_cpu = config.limits.min_idle_cpu;
        s.shed_total = sw.shed();
        s.profiles = config.profiles.size();
        s.gateways = config.gateways.size();
        return s;
      });
  if (!view) return loop_busy();
  return json_response(to_json(*view).dump());
}

Response get_status(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  return status_response(ctx);
}

}  // namespace ctib::admin
