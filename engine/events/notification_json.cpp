#include "engine/events/notification_json.hpp"

namespace ctib::events::detail {

nlohmann::json to_json(const SpooledNotification& n) {
  return {{"id", n.id},
          {"method", std::string(routing::name(n.request.method))},
          {"url", n.request.url},
          {"body", n.request.body},
          {"content_type", n.request.content_type},
          {"connect_timeout_ms", n.connect_timeout.count()},
          {"total_timeout_ms", n.total_timeout.count()}};
}

bool from_json(const nlohmann::json& j, SpooledNotification& n) {
  if (!j.is_object()) return false;
  auto str = [&](const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  auto ms = [&](const char* key, std::chrono::milliseconds& out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return false;
    out = std::chrono::milliseconds(it->get<long long>());
    return true;
  };
  std::string method;
  if (!str("id", n.id) || !str("method", method) || !str("url", n.request.url) || !str("body", n.request.body) ||
      !str("content_type", n.request.content_type) || !ms("connect_timeout_ms", n.connect_timeout) ||
      !ms("total_timeout_ms", n.total_timeout)) {
    return false;
  }
  if (method == "GET") {
    n.request.method = routing::HttpMethod::Get;
  } else if (method == "POST") {
    n.request.method = routing::HttpMethod::Post;
  } else {
    return false;
  }
  return !n.id.empty() && !n.request.url.empty();
}

}  // namespace ctib::events::detail
