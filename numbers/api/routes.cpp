#include "numbers/api/routes.hpp"

#include <chrono>

#include "numbers/api/routing_auth.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api {

namespace {

std::optional<http_server::Response> refuse(const Context& c, Access access, const http_server::Request& r) {
  if (access == Access::open) return std::nullopt;
  if (access == Access::api_key) {
    const std::string* key = r.header("X-API-Key");
    for (const std::string& allowed : c.config.api_keys) {
      if (key && same_secret(*key, allowed)) return std::nullopt;
    }
    return json_response(401, {{"error", {{"field", "X-API-Key"}, {"message", "missing or unknown API key"}}}});
  }
  return refuse_routing(c, r);
}

}  // namespace

http_server::Router make_router(const Context& context) {
  http_server::Router router(plain_error, context.log);
  for (std::size_t index = 0; index < kRoutes.size(); ++index) {
    const Route& route = kRoutes[index];
    http_server::Handler handler = [&context, route](const http_server::Request& r,
                                                     const http_server::PathParams& p) {
      if (auto refused = refuse(context, route.access, r)) return *refused;
      return route.handler(context, r, p);
    };
    if (context.observer != nullptr) {
      // Timed here rather than in the server so the label is the route
      // pattern (bounded), never the raw path. A handler that throws becomes
      // the router's 500, counted as such.
      handler = [observer = context.observer, index, inner = std::move(handler)](const http_server::Request& r,
                                                                                  const http_server::PathParams& p) {
        const auto start = std::chrono::steady_clock::now();
        try {
          http_server::Response response = inner(r, p);
          observer->on_request(index, response.status, std::chrono::steady_clock::now() - start);
          return response;
        } catch (...) {
          observer->on_request(index, 500, std::chrono::steady_clock::now() - start);
          throw;
        }
      };
    }
    router.add(std::string(route.method), route.pattern, std::move(handler));
  }
  return router;
}

}  // namespace ctib::numbers::api
