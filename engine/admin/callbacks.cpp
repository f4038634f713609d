// The routes main serves through callbacks other components provide:
// POST /v1/reload (run on the loop, as SIGHUP's reload is) and GET /metrics
// (thread-safe, called here on the admin thread). No callback: 404.
#include "engine/admin/context.hpp"
#include "engine/admin/on_loop.hpp"

namespace ctib::admin {

Response post_reload(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  if (!ctx.reload) return error(404, "reload is not available");
  using Result = base::Expected<std::string, std::string>;
  // The callback is copied into the task: it must not depend on ctx.
  auto result = on_loop<Result>(ctx.loop, [reload = ctx.reload] { return reload(); });
  if (!result) return loop_busy();
  if (!*result) return error(422, result->error());
  return json_response(result->value());
}

Response get_metrics(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  if (!ctx.metrics) return error(404, "metrics are not available");
  Response r;
  r.body = ctx.metrics();
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

}  // namespace ctib::admin
