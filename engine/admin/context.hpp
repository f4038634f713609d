#pragma once
// What every admin route handler reaches: the engine's components (by
// reference; main owns them and they outlive the AdminServer) and the two
// callbacks main may give. Internal to engine/admin.
//
// Threading: handlers run on the admin server's thread. They touch the
// components below only inside work passed to on_loop() (the engine loop);
// `metrics` is called on the admin thread (thread-safe by contract) and
// `reload` on the loop.

#include <spdlog/logger.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/b2bua/load_guard.hpp"
#include "engine/b2bua/switch.hpp"
#include "engine/config/config.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/registrar.hpp"
#include "libs/base/expected.hpp"
#include "libs/http_server/message.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::admin {

struct Context {
  loop::EventLoop& loop;
  const config::EngineConfig& config;
  b2bua::Switch& sw;
  gateways::GatewayManager& gateways;
  registrar::Registrar* registrar;  // null: no registrations to show
  const b2bua::LoadGuard& load;
  spdlog::logger& log;  // thread-safe (spdlog loggers are)
  std::function<std::string()> metrics;
  std::function<base::Expected<std::string, std::string>()> reload;
  std::string version;
  std::chrono::system_clock::time_point started_at;
};

using http_server::PathParams;
using http_server::Request;
using http_server::Response;

// One route: its handler gets the context, the request and the path values.
using RouteHandler = Response (*)(const Context&, const Request&, const PathParams&);

// {"error":{"message":...}} with `status`.
Response error(unsigned status, std::string_view message);
// 200 (or `status`) with a JSON body.
Response json_response(const std::string& body, unsigned status = 200);
// The 503 of a loop that did not answer in time.
Response loop_busy();

// status.cpp
Response get_status(const Context& ctx, const Request& req, const PathParams& params);
// calls.cpp
Response get_calls(const Context& ctx, const Request& req, const PathParams& params);
Response get_call(const Context& ctx, const Request& req, const PathParams& params);
// kill.cpp
Response post_kill(const Context& ctx, const Request& req, const PathParams& params);
// profiles.cpp
Response get_profiles(const Context& ctx, const Request& req, const PathParams& params);
Response get_registrations(const Context& ctx, const Request& req, const PathParams& params);
// gateways.cpp
Response get_gateways(const Context& ctx, const Request& req, const PathParams& params);
Response get_gateway(const Context& ctx, const Request& req, const PathParams& params);
// control.cpp: pause / resume / drain answer with the status.
Response post_pause(const Context& ctx, const Request& req, const PathParams& params);
Response post_resume(const Context& ctx, const Request& req, const PathParams& params);
Response post_drain(const Context& ctx, const Request& req, const PathParams& params);
// callbacks.cpp: the routes served by main's callbacks (404 when absent).
Response post_reload(const Context& ctx, const Request& req, const PathParams& params);
Response get_metrics(const Context& ctx, const Request& req, const PathParams& params);

// status.cpp: the status snapshot, gathered on the loop (503 if it is busy).
Response status_response(const Context& ctx);

}  // namespace ctib::admin
