#include "engine/events/notification_json.hpp"

namespace ctib::events::detail {

nlohmann::json to_json(const SpooledNotification& n) {
  return {{"id", n.id},
          {"method", std::string(routing::name(n.request.method))},
          {"url", n.request.url},
          {"body", n.request.body},
          {"content_type", n.request.content_type},
          {"key_id", n.request.key_id},
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
  // Only the key's id is spooled, never its secret; files written before
  // signing existed have none (unsigned).
  if (auto it = j.find("key_id"); it != j.end() && it->is_string()) n.request.key_id = it->get<std::string>();
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
