// GET /v1/gateways and GET /v1/gateways/{name} (FreeSWITCH
// `sofia status gateway [NAME]`).
#include "engine/admin/context.hpp"
#include "engine/admin/on_loop.hpp"
#include "engine/admin/views.hpp"

namespace ctib::admin {

Response get_gateways(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  auto views =
      on_loop<std::vector<gateways::GatewayView>>(ctx.loop, [&gw = ctx.gateways] { return gw.views(); });
  if (!views) return loop_busy();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& g : *views) list.push_back(to_json(g));
  return json_response(nlohmann::json{{"gateways", std::move(list)}}.dump());
}

Response get_gateway(const Context& ctx, const Request& /*req*/, const PathParams& params) {
  const std::string name = params.at("name");
  auto view = on_loop<std::optional<gateways::GatewayView>>(
      ctx.loop, [&gw = ctx.gateways, name] { return gw.view(name); });
  if (!view) return loop_busy();
  if (!*view) return error(404, "no gateway " + name);
  return json_response(to_json(**view).dump());
}

}  // namespace ctib::admin
