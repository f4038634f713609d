// GET /v1/calls (FreeSWITCH `show calls`) and GET /v1/calls/{uuid}
// (`uuid_dump`, with the timeline; finished calls too).
#include "engine/admin/context.hpp"
#include "engine/admin/on_loop.hpp"
#include "engine/admin/views.hpp"

namespace ctib::admin {

Response get_calls(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  auto calls = on_loop<std::vector<call::CallView>>(ctx.loop, [&sw = ctx.sw] { return sw.call_views(); });
  if (!calls) return loop_busy();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : *calls) list.push_back(to_json(c, false));
  return json_response(nlohmann::json{{"calls", std::move(list)}, {"count", calls->size()}}.dump());
}

Response get_call(const Context& ctx, const Request& /*req*/, const PathParams& params) {
  const std::string uuid = params.at("uuid");
  auto found =
      on_loop<std::optional<call::CallView>>(ctx.loop, [&sw = ctx.sw, uuid] { return sw.call_view(uuid); });
  if (!found) return loop_busy();
  if (!*found) return error(404, "no call " + uuid);
  return json_response(to_json(**found, true).dump());
}

}  // namespace ctib::admin
