#pragma once
// Internal to ctib_routing: the ordered parameter list every request is built
// from, and its encoding as a GET query or a POST JSON body.

#include <string>
#include <utility>
#include <vector>

#include "engine/routing/request.hpp"

namespace ctib::routing::detail {

using Params = std::vector<std::pair<std::string, std::string>>;

// GET: params appended to config.url as a query; POST: a JSON object of
// strings in the same order, URL unchanged.
HttpRequest encode_request(const RouteConfig& config, const Params& params);

}  // namespace ctib::routing::detail
