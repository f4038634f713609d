// POST /v1/pause, /v1/resume (FreeSWITCH `fsctl pause|resume`) and
// /v1/drain (`fsctl shutdown elegant` without the exit). Each answers with
// the status after the change.
#include "engine/admin/context.hpp"
#include "engine/admin/on_loop.hpp"

namespace ctib::admin {

namespace {

using Change = void (*)(b2bua::Switch&);

Response change_then_status(const Context& ctx, Change change, const char* what) {
  auto done = on_loop<bool>(ctx.loop, [&sw = ctx.sw, change] {
    change(sw);
    return true;
  });
  if (!done) return loop_busy();
  ctx.log.info("admin API: {}", what);
  return status_response(ctx);
}

}  // namespace

Response post_pause(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  return change_then_status(
      ctx, [](b2bua::Switch& sw) { sw.pause(); }, "pause");
}

Response post_resume(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  return change_then_status(
      ctx, [](b2bua::Switch& sw) { sw.resume(); }, "resume");
}

Response post_drain(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  return change_then_status(
      ctx, [](b2bua::Switch& sw) { sw.drain(); }, "drain");
}

}  // namespace ctib::admin
