#include "numbers/api/routes.hpp"

#include <chrono>

#include "numbers/api/routing_auth.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api {

namespace {

std::optional<http_server::Response> refuse(const Context& c, Access access, const http_server::Request& r) {
  if (access == Access::open) return std::nullopt;
  if (access == Access::api_key) {
    std::size_t index = 0;
    const ApiKey* key = key_of(c.config, r, &index);
    if (key == nullptr) {
      return json_response(401,
                           {{"error", {{"field", "X-API-Key"}, {"message", "missing or unknown API key"}}}});
    }
    // The limit applies to authenticated requests only: unknown keys are
    // refused above at no cost to anyone's bucket.
    const auto wait =
        c.config.limits ? c.config.limits->take(index, RateLimiter::Clock::now()) : std::nullopt;
    if (wait) {
      if (c.observer != nullptr) c.observer->on_rate_limited(key->id);
      http_server::Response refused =
          json_response(429, {{"error",
                               {{"field", "X-API-Key"},
                                {"message", "rate limit of key " + key->id + " exceeded; retry after " +
                                                std::to_string(wait->count()) + " s"}}}});
      refused.headers.emplace_back("Retry-After", std::to_string(wait->count()));
      return refused;
    }
    return std::nullopt;
  }
  return refuse_routing(c, r);
}

}  // namespace

const ApiKey* key_of(const ApiConfig& config, const http_server::Request& r, std::size_t* index) {
  const std::string* given = r.header("X-API-Key");
  if (given == nullptr) return nullptr;
  const ApiKey* found = nullptr;
  // Every key is compared, so the time taken does not tell which matched.
  for (std::size_t i = 0; i < config.api_keys.size(); ++i) {
    if (same_secret(*given, config.api_keys[i].secret) && found == nullptr) {
      found = &config.api_keys[i];
      if (index != nullptr) *index = i;
    }
  }
  return found;
}

std::shared_ptr<RateLimiter> make_rate_limiter(const std::vector<ApiKey>& keys) {
  std::vector<BucketLimit> limits;
  limits.reserve(keys.size());
  for (const ApiKey& key : keys)
    limits.push_back(BucketLimit{key.rate_limit, key.burst > 0 ? key.burst : key.rate_limit});
  return std::make_shared<RateLimiter>(limits);
}

model::Scope scope_of(const Context& c, const http_server::Request& r) {
  const ApiKey* key = key_of(c.config, r);
  if (key == nullptr) return {};
  return model::Scope{key->tenant, key->all_tenants};
}

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
