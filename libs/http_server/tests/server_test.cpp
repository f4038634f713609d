#include "libs/http_server/server.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "libs/http_server/client.hpp"

namespace ctib::http_server {
namespace {

using namespace std::chrono_literals;

Router test_router(std::atomic<bool>& release_slow) {
  Router router;
  router.add("GET", "/hello", [](const Request& r, const PathParams&) {
    const std::string* name = r.query_param("name");
    return Response{200, "hello " + (name ? *name : std::string("?")), "text/plain", {}};
  });
  router.add("POST", "/echo", [](const Request& r, const PathParams&) { return Response{200, r.body, "text/plain", {}}; });
  router.add("GET", "/slow", [&release_slow](const Request&, const PathParams&) {
    while (!release_slow.load()) std::this_thread::sleep_for(5ms);
    return Response{200, "slow", "text/plain", {}};
  });
  return router;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.body_limit = 1024;
    config.worker_threads = 2;
    server_ = std::make_unique<Server>(config, test_router(release_slow_));
    server_->start();
  }
  void TearDown() override {
    release_slow_ = true;
    server_->stop();
  }
  std::atomic<bool> release_slow_{false};
  std::unique_ptr<Server> server_;
};

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Client client("127.0.0.1", server_->port());
  EXPECT_EQ(client.request("GET", "/hello?name=%2B86").body, "hello +86");
  EXPECT_EQ(client.request("POST", "/echo", "{\"a\":1}").body, "{\"a\":1}");
  EXPECT_EQ(client.request("GET", "/nope").status, 404u);
}

TEST_F(HttpServerTest, OversizedBodyIs413) {
  Client client("127.0.0.1", server_->port());
  EXPECT_EQ(client.request("POST", "/echo", std::string(4096, 'x')).status, 413u);
}

TEST_F(HttpServerTest, SlowHandlerDoesNotStallOtherConnections) {
  auto slow = std::async(std::launch::async, [port = server_->port()] {
    Client client("127.0.0.1", port);
    return client.request("GET", "/slow").body;
  });
  std::this_thread::sleep_for(50ms);
  Client fast("127.0.0.1", server_->port());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(fast.request("GET", "/hello?name=x").status, 200u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  release_slow_ = true;
  EXPECT_EQ(slow.get(), "slow");
}

TEST_F(HttpServerTest, StopAnswersTheRequestInFlight) {
  auto slow = std::async(std::launch::async, [port = server_->port()] {
    Client client("127.0.0.1", port);
    return client.request("GET", "/slow");
  });
  std::this_thread::sleep_for(50ms);
  std::thread releaser([this] {
    std::this_thread::sleep_for(50ms);
    release_slow_ = true;
  });
  server_->stop();
  releaser.join();
  const ClientResponse r = slow.get();
  EXPECT_EQ(r.status, 200u);
}

}  // namespace
}  // namespace ctib::http_server
