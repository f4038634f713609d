#include "engine/router/http_router.hpp"

#include <algorithm>

#include "engine/routing/decision.hpp"
#include "libs/base/text.hpp"

namespace ctib::router {

namespace {

// Signs here, at send time, so that a retried (spooled) hangup carries a
// fresh timestamp. A key id the config no longer holds (a spooled request
// from before a key was removed) goes unsigned; an interface that requires
// signatures refuses it and the spool keeps it until the key is back.
http::Request to_http(const routing::HttpRequest& r, const config::EngineConfig& config,
                      std::chrono::milliseconds connect, std::chrono::milliseconds total) {
  http::Request out;
  out.method = r.method == routing::HttpMethod::Post ? http::Method::Post : http::Method::Get;
  out.url = r.url;
  out.body = r.body;
  out.content_type = r.content_type;
  out.connect_timeout = connect;
  out.total_timeout = total;
  if (!r.key_id.empty()) {
    if (const signing::SigningKey* key = config.route_key(r.key_id)) {
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch());
      for (auto& [name, value] : routing::sign_request(r, *key, now.count())) {
        out.headers.push_back(http::Header{std::move(name), std::move(value)});
      }
    }
  }
  return out;
}

class PendingRoute final : public call::Cancellable {
 public:
  explicit PendingRoute(http::RequestHandle handle) : handle_(std::move(handle)) {}
  void cancel() override { handle_.cancel(); }

 private:
  http::RequestHandle handle_;
};

}  // namespace

routing::CallInfo call_info(const call::RouteQuery& query, const std::vector<std::string>& route_headers) {
  const call::InboundInvite& in = *query.invite;
  routing::CallInfo info;
  info.uuid = query.uuid;
  info.caller_id_number = in.from_user;
  info.caller_id_name = in.from_display;
  info.destination_number = in.request_user.empty() ? in.to_user : in.request_user;
  info.network_addr = in.network_addr;
  info.network_port = in.network_port;
  info.profile = in.profile;
  info.sip_call_id = in.call_id;
  info.sip_from_user = in.from_user;
  info.sip_from_host = in.from_host;
  info.sip_to_user = in.to_user;
  info.sip_req_user = in.request_user;
  info.sip_auth_username = in.auth_username;
  info.sip_auth_realm = in.auth_realm;
  if (query.transfer != nullptr) {
    info.transfer = *query.transfer;
    info.destination_number = query.transfer->destination_number;
  }
  if (query.digits != nullptr) info.digits = *query.digits;
  for (const std::string& wanted : route_headers) {
    auto it = std::find_if(in.custom_headers.begin(), in.custom_headers.end(),
                           [&](const call::SipHeader& h) { return base::iequals(h.name, wanted); });
    if (it != in.custom_headers.end()) info.sip_headers.emplace_back(it->name, it->value);
  }
  return info;
}

std::string describe(const http::Failure& failure, const routing::RouteConfig& route) {
  using R = http::Failure::Reason;
  switch (failure.reason) {
    case R::ConnectFailed: return "connect to " + route.url + " failed: " + failure.detail;
    case R::ConnectTimeout:
      return "no connection to " + route.url + " within " + std::to_string(route.connect_timeout.count()) + " ms";
    case R::ResponseTimeout:
      return "no answer from " + route.url + " within " + std::to_string(route.response_timeout.count()) + " ms";
    case R::TooLarge: return "answer from " + route.url + " is larger than the limit";
    case R::Other: break;
  }
  return "request to " + route.url + " failed: " + failure.detail;
}

call::RouteFailureKind kind(const http::Failure& failure) noexcept {
  using R = http::Failure::Reason;
  switch (failure.reason) {
    case R::ConnectFailed: return call::RouteFailureKind::connect;
    case R::ConnectTimeout:
    case R::ResponseTimeout: return call::RouteFailureKind::timeout;
    case R::TooLarge: return call::RouteFailureKind::bad_answer;
    case R::Other: break;
  }
  return call::RouteFailureKind::other;
}

call::RouteResult interpret(const http::Result& result, const routing::RouteConfig& route) {
  if (!result) return base::unexpected(call::RouteFailure{describe(result.error(), route), kind(result.error())});
  const http::Response& r = *result;
  if (r.status < 200 || r.status > 299) {
    std::string body = r.body.substr(0, 120);
    std::replace_if(body.begin(), body.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return base::unexpected(
        call::RouteFailure{"HTTP " + std::to_string(r.status) + " from " + route.url + ": " + body,
                           call::RouteFailureKind::http_status});
  }
  auto decision = routing::decode_answer(r.body);
  if (!decision) {
    return base::unexpected(call::RouteFailure{"bad answer from " + route.url + ": " + decision.error().message,
                                               call::RouteFailureKind::bad_answer});
  }
  return std::move(*decision);
}

std::unique_ptr<call::Cancellable> HttpRouter::route(const call::RouteQuery& query,
                                                     std::function<void(call::RouteResult)> done) {
  static const std::vector<std::string> kNoHeaders;
  routing::CallInfo info = call_info(query, query.route_headers != nullptr ? *query.route_headers : kNoHeaders);
  routing::HttpRequest request = routing::build_route_request(query.route, info);
  auto handle = client_.send(to_http(request, *config_, query.route.connect_timeout, query.route.response_timeout),
                             [route = query.route, done = std::move(done)](http::Result result) {
                               done(interpret(result, route));
                             });
  return std::make_unique<PendingRoute>(std::move(handle));
}

void HttpRouter::send(const routing::HttpRequest& request, std::chrono::milliseconds connect_timeout,
                      std::chrono::milliseconds total_timeout, std::function<void(events::Delivery)> done) {
  // The handle is dropped when its callback runs (erasing it then cancels
  // nothing: the transfer is already over), so the map holds exactly the
  // notifications in flight, at O(1) per send.
  const std::uint64_t key = next_notification_++;
  notifications_.emplace(
      key, client_.send(to_http(request, *config_, connect_timeout, total_timeout),
                        [this, key, done = std::move(done)](http::Result result) {
                          notifications_.erase(key);
                          if (!result) {
                            done({false, std::string(to_string(result.error().reason)) + ": " +
                                             result.error().detail});
                          } else if (result->status < 200 || result->status > 299) {
                            done({false, "HTTP " + std::to_string(result->status)});
                          } else {
                            done({true, ""});
                          }
                        }));
}

}  // namespace ctib::router
