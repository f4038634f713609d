#include "engine/admin/admin_server.hpp"

#include <array>

#include "engine/admin/context.hpp"
#include "libs/http_server/bearer_token.hpp"
#include "libs/http_server/server.hpp"

#ifndef CTIB_VERSION
#define CTIB_VERSION "unknown"
#endif

namespace ctib::admin {

namespace {

struct Route {
  const char* method;
  const char* pattern;
  RouteHandler handler;
};

// docs/admin-api.md, "Engine routes".
constexpr std::array kRoutes{
    Route{"GET", "/v1/status", get_status},
    Route{"GET", "/v1/calls", get_calls},
    Route{"GET", "/v1/calls/{uuid}", get_call},
    Route{"POST", "/v1/calls/{uuid}/kill", post_kill},
    Route{"GET", "/v1/profiles", get_profiles},
    Route{"GET", "/v1/profiles/{name}/registrations", get_registrations},
    Route{"GET", "/v1/gateways", get_gateways},
    Route{"GET", "/v1/gateways/{name}", get_gateway},
    Route{"POST", "/v1/pause", post_pause},
    Route{"POST", "/v1/resume", post_resume},
    Route{"POST", "/v1/drain", post_drain},
    Route{"POST", "/v1/reload", post_reload},
    Route{"GET", "/metrics", get_metrics},
};

}  // namespace

Response error(unsigned status, std::string_view message) {
  Response r;
  r.status = status;
  r.body = nlohmann::json{{"error", {{"message", message}}}}.dump();
  return r;
}

Response json_response(const std::string& body, unsigned status) {
  Response r;
  r.status = status;
  r.body = body;
  return r;
}

Response loop_busy() {
  return error(503, "the engine loop did not answer within 2 s");
}

struct AdminServer::Impl {
  Impl(const config::AdminConfig& admin, AdminDeps deps)
      : ctx{deps.loop,
            deps.config,
            deps.sw,
            deps.gateways,
            deps.registrar,
            deps.load,
            deps.log,
            std::move(deps.metrics),
            std::move(deps.reload),
            CTIB_VERSION,
            std::chrono::system_clock::now()},
        server(server_config(admin, deps.log), routes(admin.token)) {}

  static http_server::ServerConfig server_config(const config::AdminConfig& admin, spdlog::logger& log) {
    http_server::ServerConfig c;
    c.address = admin.host;
    c.port = admin.port;
    c.worker_threads = 1;
    c.log = [&log](std::string_view line) { log.warn("admin API: {}", line); };
    return c;
  }

  http_server::Router routes(const std::string& token) {
    http_server::Router router(
        [](unsigned status, std::string_view message) { return error(status, message); },
        [&log = ctx.log](std::string_view line) { log.warn("admin API: {}", line); });
    for (const Route& r : kRoutes) {
      router.add(r.method, r.pattern,
                 http_server::require_bearer_token(
                     token, [this, handler = r.handler](const Request& req, const PathParams& params) {
                       return handler(ctx, req, params);
                     }));
    }
    return router;
  }

  Context ctx;  // before server: the routes use it
  http_server::Server server;
};

AdminServer::AdminServer(const config::AdminConfig& admin, AdminDeps deps)
    : impl_(std::make_unique<Impl>(admin, std::move(deps))) {}

AdminServer::~AdminServer() = default;

void AdminServer::start() {
  impl_->server.start();
}
std::uint16_t AdminServer::port() const noexcept {
  return impl_->server.port();
}
void AdminServer::stop() {
  impl_->server.stop();
}

}  // namespace ctib::admin
