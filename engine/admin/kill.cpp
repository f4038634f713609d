// POST /v1/calls/{uuid}/kill (FreeSWITCH `uuid_kill <uuid> [cause]`).
#include "engine/admin/context.hpp"
#include "engine/admin/on_loop.hpp"

namespace ctib::admin {

namespace {

// The optional body {"cause": "NAME" | Q.850 number}; NORMAL_CLEARING when
// absent. Parsed here, at the edge: the Switch gets a typed cause.
base::Expected<causes::HangupCause, std::string> parse_cause(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return causes::HangupCause::NORMAL_CLEARING;
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return base::unexpected(std::string("the body is not a JSON object"));
  auto it = j.find("cause");
  if (it == j.end() || it->is_null()) return causes::HangupCause::NORMAL_CLEARING;
  std::optional<causes::HangupCause> cause;
  if (it->is_string()) cause = causes::parse(it->get<std::string>());
  if (it->is_number_integer()) cause = causes::from_number(it->get<long long>());
  if (!cause || *cause == causes::HangupCause::NONE) {
    return base::unexpected("cause: " + it->dump() + " is not a hangup cause name or Q.850 number");
  }
  return *cause;
}

}  // namespace

Response post_kill(const Context& ctx, const Request& req, const PathParams& params) {
  auto cause = parse_cause(req.body);
  if (!cause) return error(400, cause.error());
  const std::string uuid = params.at("uuid");
  const causes::HangupCause c = *cause;
  auto killed = on_loop<bool>(ctx.loop, [&sw = ctx.sw, uuid, c] { return sw.kill(uuid, c); });
  if (!killed) return loop_busy();
  if (!*killed) return error(404, "no call " + uuid + " up");
  return json_response(nlohmann::json{{"uuid", uuid}, {"cause", causes::name(c)}}.dump());
}

}  // namespace ctib::admin
