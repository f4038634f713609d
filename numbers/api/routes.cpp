#include "numbers/api/routes.hpp"

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
  for (const Route& route : kRoutes) {
    router.add(std::string(route.method), route.pattern,
               [&context, route](const http_server::Request& r, const http_server::PathParams& p) {
                 if (auto refused = refuse(context, route.access, r)) return *refused;
                 return route.handler(context, r, p);
               });
  }
  return router;
}

}  // namespace ctib::numbers::api
