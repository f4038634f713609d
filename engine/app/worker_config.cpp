#include "engine/app/worker_config.hpp"

#include <string>

namespace ctib::app {

void adjust_for_worker(config::EngineConfig& cfg, unsigned index, unsigned count) {
  if (count <= 1) return;
  const std::string suffix = "worker-" + std::to_string(index);
  cfg.spool_dir += "/" + suffix;
  if (!cfg.registrations_db.empty()) cfg.registrations_db += "." + suffix;
  // Port 0 (any free port, the tests) stays 0: each worker logs its own.
  if (cfg.admin && cfg.admin->port != 0)
    cfg.admin->port = static_cast<decltype(cfg.admin->port)>(cfg.admin->port + index);
  if (index != 0) {
    for (auto& g : cfg.gateways) g.register_ = false;
  }
}

}  // namespace ctib::app
