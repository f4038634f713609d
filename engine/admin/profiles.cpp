// GET /v1/profiles (FreeSWITCH `sofia status`) and
// GET /v1/profiles/{name}/registrations (`sofia status profile NAME reg`).
#include "engine/admin/context.hpp"
#include "engine/admin/on_loop.hpp"
#include "engine/admin/views.hpp"

namespace ctib::admin {

Response get_profiles(const Context& ctx, const Request& /*req*/, const PathParams& /*params*/) {
  auto profiles = on_loop<std::vector<ProfileView>>(
      ctx.loop, [&sw = ctx.sw, registrar = ctx.registrar] {
        std::vector<ProfileView> out;
        for (const auto& p : sw.config().profiles) {
          ProfileView v;
          v.name = p.name;
          v.sip_ip = p.sip_ip;
          v.sip_port = p.sip_port;
          v.ext_sip_ip = p.ext_sip_ip;
          if (p.route) v.route = p.route->url;
          v.calls = sw.calls_on(p.name);
          v.registrations = registrar != nullptr ? registrar->registrations(p.name).size() : 0;
          v.state = std::string(sw.profile_state(p.name));
          out.push_back(std::move(v));
        }
        return out;
      });
  if (!profiles) return loop_busy();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : *profiles) list.push_back(to_json(p));
  return json_response(nlohmann::json{{"profiles", std::move(list)}}.dump());
}

Response get_registrations(const Context& ctx, const Request& /*req*/, const PathParams& params) {
  const std::string name = params.at("name");
  struct Found {
    bool known = false;
    std::vector<registrar::Binding> bindings;
    std::chrono::system_clock::time_point now;
  };
  auto found = on_loop<Found>(ctx.loop, [&sw = ctx.sw, registrar = ctx.registrar, name] {
    Found f;
    f.known = sw.config().profile(name) != nullptr;
    f.now = registrar != nullptr ? registrar->now() : std::chrono::system_clock::now();
    if (f.known && registrar != nullptr) f.bindings = registrar->registrations(name);
    return f;
  });
  if (!found) return loop_busy();
  if (!found->known) return error(404, "no profile " + name);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& b : found->bindings) list.push_back(to_json(b, found->now));
  return json_response(nlohmann::json{{"registrations", std::move(list)}}.dump());
}

}  // namespace ctib::admin
