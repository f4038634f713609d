#pragma once
// The engine's admin API (docs/admin-api.md, "Engine routes"): HTTP/1.1 +
// JSON on its own address, every route behind the bearer token.
//
// Threads: one server thread of its own (libs/http_server, one worker). A
// handler that reads or changes calls, gateways or registrations posts its
// work to the engine loop (EventLoop::post, the one thread-safe entry) and
// waits at most 2 s for it, else answers 503 (on_loop.hpp). `metrics` runs
// on the admin thread and must be thread-safe; `reload` runs on the loop.
//
// Ownership: main owns the AdminServer and builds it after the Switch, the
// GatewayManager, the Registrar and the LoadGuard, which it borrows; it is
// stopped (and destroyed) before them. stop() waits for a handler in
// progress, so at most the 2 s bound.

#include <spdlog/logger.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/b2bua/load_guard.hpp"
#include "engine/b2bua/switch.hpp"
#include "engine/config/config.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/registrar.hpp"
#include "libs/base/expected.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::admin {

struct AdminDeps {
  loop::EventLoop& loop;
  const config::EngineConfig& config;
  b2bua::Switch& sw;
  gateways::GatewayManager& gateways;
  registrar::Registrar* registrar;  // null: registrations lists are empty
  const b2bua::LoadGuard& load;
  spdlog::logger& log;
  // Prometheus text for GET /metrics; empty: 404.
  std::function<std::string()> metrics;
  // POST /v1/reload: the JSON body for 200, or the error for 422; empty: 404.
  std::function<base::Expected<std::string, std::string>()> reload;
};

class AdminServer {
 public:
  AdminServer(const config::AdminConfig& admin, AdminDeps deps);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Binds and starts the thread. Throws std::system_error when the address
  // cannot be bound.
  void start();
  // The bound port (after start()).
  [[nodiscard]] std::uint16_t port() const noexcept;
  // Answers requests in progress, then stops the thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ctib::admin
