#include "libs/http_server/router.hpp"

#include <exception>

#include <nlohmann/json.hpp>

namespace ctib::http_server {

namespace {
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

bool is_placeholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}
}  // namespace

Response default_error(unsigned status, std::string_view message) {
  const nlohmann::json body = {{"error", {{"field", nullptr}, {"message", message}}}};
  return Response{status, body.dump(), "application/json", {}};
}

Router::Router(ErrorBody error_body, Logger log)
    : error_body_(std::move(error_body)), log_(std::move(log)) {}

void Router::add(std::string method, std::string_view pattern, Handler handler) {
  Route route{std::move(method), {}, std::move(handler)};
  for (std::string_view segment : split_path(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string_view>& path, PathParams& params) {
  if (route.segments.size() != path.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& segment = route.segments[i];
    if (is_placeholder(segment)) {
      params.emplace(segment.substr(1, segment.size() - 2), std::string(path[i]));
    } else if (segment != path[i]) {
      return false;
    }
  }
  return true;
}

void Router::log_failure(const Request& request, std::string_view what) const noexcept {
  if (!log_) return;
  try {
    log_("http: " + request.method + " " + request.path + " failed: " + std::string(what));
  } catch (...) {
    // Logging must not turn a 500 into a crash.
  }
}

Response Router::error(unsigned status, std::string_view message) const {
  return error_body_(status, message);
}

Response Router::dispatch(const Request& request) const noexcept {
  try {
    const std::vector<std::string_view> path = split_path(request.path);
    bool path_known = false;
    PathParams params;
    for (const Route& route : routes_) {
      if (!match(route, path, params)) continue;
      path_known = true;
      if (route.method == request.method) return route.handler(request, params);
    }
    if (path_known) return error(405, "method not allowed");
    return error(404, "no such route");
  } catch (const std::exception& e) {
    // Handlers map every expected failure to a response; what lands here is a
    // bug or an environment failure (database down), never the client's fault.
    log_failure(request, e.what());
  } catch (...) {
    log_failure(request, "unknown exception");
  }
  try {
    return error(500, "internal error");
  } catch (...) {
    return Response{500, "", "text/plain", {}};
  }
}

}  // namespace ctib::http_server
