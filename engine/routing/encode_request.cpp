#include <nlohmann/json.hpp>

#include "engine/routing/params.hpp"

namespace ctib::routing::detail {

namespace {

std::string query_url(const std::string& base, const Params& params) {
  std::string url = base;
  // The configured URL may already carry the interface's own parameters
  // ("/route?tenant=7"); ours are added after them.
  char separator = url.find('?') == std::string::npos ? '?' : '&';
  // "http://h/route?" or "...?a=1&" already end in a separator.
  if (!url.empty() && (url.back() == '?' || url.back() == '&')) separator = '\0';
  for (const auto& [name, value] : params) {
    if (separator != '\0') url.push_back(separator);
    url += percent_encode(name);
    url.push_back('=');
    url += percent_encode(value);
    separator = '&';
  }
  return url;
}

std::string json_body(const Params& params) {
  // ordered_json keeps the documented parameter order in the body.
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  for (const auto& [name, value] : params) body[name] = value;
  // Invalid UTF-8 from the SIP side (a caller name in Latin-1) must not throw:
  // it is replaced by U+FFFD.
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

HttpRequest encode_request(const RouteConfig& config, const Params& params) {
  HttpRequest request;
  request.method = config.method;
  request.key_id = config.key_id;
  if (config.method == HttpMethod::Post) {
    request.url = config.url;
    request.body = json_body(params);
    request.content_type = "application/json";
  } else {
    request.url = query_url(config.url, params);
  }
  return request;
}

}  // namespace ctib::routing::detail
