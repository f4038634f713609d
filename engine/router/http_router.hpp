#pragma once
// The cti_bridge adapter: asks the routing interface over HTTP (libs/http on
// the engine's loop) and turns the answer into a RouteDecision with
// routing::decode_answer, or into a RouteFailure that says exactly what was
// wrong (connect refused, timeout, HTTP status, which JSON field).
//
// Also the transport of notifications (events::NotificationTransport), over
// the same client and so the same kept-alive connections.
//
// Sends through any http::Client: the engine gives it an AutoClient (lean
// client for plain http:// to an address, curl otherwise) or curl alone
// (`http-client`, decision 0013).
//
// Threading: loop thread only. Ownership: the composition root owns it; it
// must be destroyed before the client. Requests in flight when it is
// destroyed are cancelled by their handles.

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "engine/call/ports.hpp"
#include "engine/config/config.hpp"
#include "engine/events/transport.hpp"
#include "engine/routing/request.hpp"
#include "libs/http/client.hpp"

namespace ctib::router {

class HttpRouter final : public call::Router, public events::NotificationTransport {
 public:
  // `config` gives the [route-keys] requests are signed with (at send time,
  // so a retried hangup carries a fresh timestamp); reconfigure() swaps it
  // on reload. Nothing else of the config is read here: each request
  // carries its route.
  HttpRouter(http::Client& client, config::ConfigSnapshot config)
      : client_(client), config_(std::move(config)) {}

  void reconfigure(config::ConfigSnapshot config) noexcept { config_ = std::move(config); }

  std::unique_ptr<call::Cancellable> route(const call::RouteQuery& query,
                                           std::function<void(call::RouteResult)> done) override;

  void send(const routing::HttpRequest& request, std::chrono::milliseconds connect_timeout,
            std::chrono::milliseconds total_timeout, std::function<void(events::Delivery)> done) override;

 private:
  http::Client& client_;
  config::ConfigSnapshot config_;
  // Notification requests in flight, kept so that destroying the router
  // cancels them (their callbacks capture nothing that outlives it).
  std::unordered_map<std::uint64_t, http::RequestHandle> notifications_;
  std::uint64_t next_notification_ = 0;
};

// The routing request fields of cti-bridge-protocol §2 for an inbound call.
routing::CallInfo call_info(const call::RouteQuery& query, const std::vector<std::string>& route_headers);

// What went wrong with an HTTP exchange, as one log-line fragment.
std::string describe(const http::Failure& failure, const routing::RouteConfig& route);

// The metric label of an HTTP failure (a too-large answer is a bad answer).
call::RouteFailureKind kind(const http::Failure& failure) noexcept;

// The outcome of a routing exchange: a decision, or why there is none.
call::RouteResult interpret(const http::Result& result, const routing::RouteConfig& route);

}  // namespace ctib::router
