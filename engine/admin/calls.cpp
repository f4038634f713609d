// GET /v1/calls (FreeSWITCH `show calls`) and GET /v1/calls/{uuid}
// (`uuid_dump`, with the timeline; finished calls too).
#include <charconv>
#include <optional>
#include <string>

#include "engine/admin/context.hpp"
#include "engine/admin/on_loop.hpp"
#include "engine/admin/views.hpp"

namespace ctib::admin {

namespace {

// ?limit=N: at most N calls listed (the oldest). Bounds what one request
// costs the engine loop (a view per listed call) and the answer's size.
constexpr std::size_t kDefaultCallsLimit = 1000;
constexpr std::size_t kMaxCallsLimit = 100000;

std::optional<std::size_t> calls_limit(const Request& req) {
  std::size_t limit = kDefaultCallsLimit;
  for (const auto& [key, value] : req.query) {
    if (key != "limit") continue;
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > kMaxCallsLimit)
      return std::nullopt;
    limit = n;
  }
  return limit;
}

}  // namespace

Response get_calls(const Context& ctx, const Request& req, const PathParams& /*params*/) {
  const auto limit = calls_limit(req);
  if (!limit) return error(400, "limit: a whole number from 1 to " + std::to_string(kMaxCallsLimit));
  auto list =
      on_loop<b2bua::Switch::CallList>(ctx.loop, [&sw = ctx.sw, n = *limit] { return sw.call_views(n); });
  if (!list) return loop_busy();
  // Written as text, not as a JSON tree: with thousands of calls the tree
  // costs several times what the loop spent (append_summary_json).
  std::string body = "{\"calls\":[";
  body.reserve(64 + list->calls.size() * 400);
  bool first = true;
  for (const auto& c : list->calls) {
    if (!first) body += ',';
    first = false;
    append_summary_json(body, c);
  }
  body +=
      "],\"count\":" + std::to_string(list->calls.size()) + ",\"total\":" + std::to_string(list->total) + "}";
  return json_response(body);
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
