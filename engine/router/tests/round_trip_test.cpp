// The router over real HTTP on loopback, with each client the engine can be
// given (`http-client`, decision 0013): a routing request becomes a
// decision, a notification a delivery, a refused connection a typed
// failure — the same whichever client carried it.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/router/http_router.hpp"
#include "engine/routing/decision.hpp"
#include "libs/http/auto_client.hpp"
#include "libs/http/curl_multi_client.hpp"
#include "libs/http/lean_client.hpp"
#include "libs/http_server/server.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::router {
namespace {

enum class Kind { Curl, Lean, Auto };

class RouterRoundTrip : public ::testing::TestWithParam<Kind> {
 protected:
  RouterRoundTrip() {
    http_server::Router routes;
    routes.add("GET", "/cti", [this](const http_server::Request& r, const http_server::PathParams&) {
      const std::string* action = r.query_param("action");
      {
        std::lock_guard lock(mutex_);
        actions_.push_back(action != nullptr ? *action : "");
      }
      http_server::Response out;
      if (action != nullptr && *action == "request") {
        out.body = R"({"dial":{"type":"gateway","gateway":"gw","number":"2002"}})";
      } else {
        out.body = "{}";
      }
      return out;
    });
    http_server::ServerConfig config;
    config.worker_threads = 1;
    server_ = std::make_unique<http_server::Server>(config, std::move(routes));
    server_->start();
    const http::ClientOptions options;
    curl_ = std::make_unique<http::CurlMultiClient>(loop_, curl_global_, options);
    lean_ = std::make_unique<http::LeanClient>(loop_, options);
    auto_ = std::make_unique<http::AutoClient>(*lean_, *curl_);
    http::Client* chosen = GetParam() == Kind::Curl   ? static_cast<http::Client*>(curl_.get())
                           : GetParam() == Kind::Lean ? static_cast<http::Client*>(lean_.get())
                                                      : static_cast<http::Client*>(auto_.get());
    router_ = std::make_unique<HttpRouter>(*chosen, std::make_shared<const config::EngineConfig>());
  }

  ~RouterRoundTrip() override {
    router_.reset();
    auto_.reset();
    lean_.reset();
    curl_.reset();
    server_->stop();
  }

  routing::RouteConfig route(std::uint16_t port) const {
    routing::RouteConfig r;
    r.url = "http://127.0.0.1:" + std::to_string(port) + "/cti";
    r.connect_timeout = std::chrono::milliseconds(1000);
    r.response_timeout = std::chrono::milliseconds(2000);
    return r;
  }

  call::RouteQuery query(std::uint16_t port) {
    invite_.profile = "internal";
    invite_.call_id = "c1";
    invite_.from_user = "1001";
    invite_.request_user = "2002";
    call::RouteQuery q;
    q.route = route(port);
    q.uuid = "u-1";
    q.invite = &invite_;
    return q;
  }

  std::vector<std::string> actions() {
    std::lock_guard lock(mutex_);
    return actions_;
  }

  loop::SofiaGlobal sofia_;
  loop::SuRootLoop loop_{sofia_};
  http::CurlGlobal curl_global_;
  std::mutex mutex_;
  std::vector<std::string> actions_;  // GUARDED_BY mutex_: written on the server's thread
  std::unique_ptr<http_server::Server> server_;
  std::unique_ptr<http::CurlMultiClient> curl_;
  std::unique_ptr<http::LeanClient> lean_;
  std::unique_ptr<http::AutoClient> auto_;
  std::unique_ptr<HttpRouter> router_;
  call::InboundInvite invite_;
};

TEST_P(RouterRoundTrip, RoutesAndNotifiesOverOneKeptConnection) {
  std::optional<call::RouteResult> decided;
  auto pending = router_->route(query(server_->port()), [&](call::RouteResult r) { decided = std::move(r); });
  ASSERT_TRUE(loop_.run_until([&] { return decided.has_value(); }, std::chrono::milliseconds(4000)));
  ASSERT_TRUE(*decided) << decided->error().detail;
  ASSERT_TRUE(std::holds_alternative<routing::GatewayDial>((*decided)->dial));
  EXPECT_EQ(std::get<routing::GatewayDial>((*decided)->dial).number, "2002");

  routing::CallInfo info;
  info.uuid = "u-1";
  std::optional<events::Delivery> delivered;
  router_->send(routing::build_progress_notification(route(server_->port()), routing::Action::Ring, info),
                std::chrono::milliseconds(1000), std::chrono::milliseconds(2000),
                [&](events::Delivery d) { delivered = std::move(d); });
  ASSERT_TRUE(loop_.run_until([&] { return delivered.has_value(); }, std::chrono::milliseconds(4000)));
  EXPECT_TRUE(delivered->ok) << delivered->detail;
  EXPECT_EQ(actions(), (std::vector<std::string>{"request", "ring"}));
  if (GetParam() != Kind::Curl) {
    EXPECT_EQ(lean_->connections(), 1u) << "the lean client carried both, on one kept connection";
  }
}

TEST_P(RouterRoundTrip, RefusedConnectionIsAConnectFailure) {
  // A port nobody listens on: bound and closed again by a throwaway server.
  std::uint16_t dead = 0;
  {
    http_server::Server gone(http_server::ServerConfig{}, http_server::Router{});
    gone.start();
    dead = gone.port();
    gone.stop();
  }
  std::optional<call::RouteResult> decided;
  auto pending = router_->route(query(dead), [&](call::RouteResult r) { decided = std::move(r); });
  ASSERT_TRUE(loop_.run_until([&] { return decided.has_value(); }, std::chrono::milliseconds(4000)));
  ASSERT_FALSE(*decided);
  EXPECT_EQ(decided->error().kind, call::RouteFailureKind::connect) << decided->error().detail;
}

INSTANTIATE_TEST_SUITE_P(Clients, RouterRoundTrip, ::testing::Values(Kind::Curl, Kind::Lean, Kind::Auto),
                         [](const ::testing::TestParamInfo<Kind>& param) {
                           return param.param == Kind::Curl   ? "curl"
                                  : param.param == Kind::Lean ? "lean"
                                                              : "auto";
                         });

}  // namespace
}  // namespace ctib::router
