#include "numbers/admin/routes.hpp"

#include <nlohmann/json.hpp>

#include "libs/http_server/bearer_token.hpp"
#include "libs/metrics/registry.hpp"

namespace ctib::numbers::admin {

namespace {

// The admin API's error body (docs/admin-api.md): {"error":{"message":"..."}}.
http_server::Response admin_error(unsigned status, std::string_view message) {
  return http_server::Response{status, nlohmann::json{{"error", {{"message", message}}}}.dump(), "application/json",
                               {}};
}

}  // namespace

http_server::Router make_router(const AdminContext& context, std::string token) {
  http_server::Router router(admin_error);
  router.add("GET", "/v1/status",
             http_server::require_bearer_token(
                 token, [&context](const http_server::Request&, const http_server::PathParams&) {
                   return status_get(context);
                 }));
  router.add("GET", "/metrics",
             http_server::require_bearer_token(
                 std::move(token), [&context](const http_server::Request&, const http_server::PathParams&) {
                   return http_server::Response{200, context.metrics(), std::string(metrics::kContentType), {}};
                 }));
  return router;
}

}  // namespace ctib::numbers::admin
