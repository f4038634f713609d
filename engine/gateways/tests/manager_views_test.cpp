// The GatewayManager's admin views and counters (docs/admin-api.md, gateways).
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include "engine/gateways/manager.hpp"

namespace ctib::gateways {
namespace {

// The views need no running loop: nothing here is scheduled before start().
class IdleLoop final : public loop::EventLoop {
 public:
  loop::FdWatch watch_fd(int, loop::Interest, FdCallback) override { return {}; }
  loop::Timer start_timer(std::chrono::milliseconds, Task) override { return {}; }
  void post(Task) override {}
  std::chrono::milliseconds now() const override { return std::chrono::milliseconds(0); }
};

config::EngineConfig two_gateways() {
  config::EngineConfig cfg;
  config::GatewayConfig a;
  a.name = "carrier";
  a.profile = "external";
  a.proxy_host = "192.0.2.1";
  a.proxy_port = 5070;
  a.ping = 30;
  config::GatewayConfig b;
  b.name = "backup";
  b.profile = "external";
  b.proxy_host = "sip.example.net";
  b.register_ = true;
  b.username = "u";
  b.password = "p";
  cfg.gateways = {a, b};
  return cfg;
}

TEST(GatewayViews, StateAndCounters) {
  const auto cfg = two_gateways();
  IdleLoop loop;
  spdlog::logger log("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  GatewayManager manager(cfg, loop, log);

  manager.count_call_out("carrier");
  manager.count_call_out("carrier");
  manager.count_call_out("nope");            // unknown: ignored
  manager.count_call_in("192.0.2.1");        // the carrier's proxy address
  manager.count_call_in("198.51.100.9");     // nobody's
  manager.count_call_in("sip.example.net");  // a name is compared as written, never resolved

  const auto views = manager.views();
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0].name, "backup");  // by name
  EXPECT_EQ(views[1].name, "carrier");

  const auto carrier = manager.view("carrier");
  ASSERT_TRUE(carrier);
  EXPECT_EQ(carrier->proxy, "192.0.2.1:5070");
  EXPECT_EQ(carrier->state, State::NOREG);
  EXPECT_EQ(carrier->status, Status::UP);
  EXPECT_FALSE(carrier->register_);
  EXPECT_EQ(carrier->ping, 30u);
  EXPECT_EQ(carrier->ping_count, 0u);
  EXPECT_FALSE(carrier->last_ping_at);
  EXPECT_EQ(carrier->calls_out, 2u);
  EXPECT_EQ(carrier->calls_in, 1u);

  const auto backup = manager.view("backup");
  ASSERT_TRUE(backup);
  EXPECT_EQ(backup->state, State::UNREGED);
  EXPECT_EQ(backup->status, Status::DOWN);
  EXPECT_TRUE(backup->register_);
  EXPECT_EQ(backup->calls_in, 1u);
  EXPECT_FALSE(backup->last_registration_at);

  EXPECT_FALSE(manager.view("nope"));
}

}  // namespace
}  // namespace ctib::gateways
