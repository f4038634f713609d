#include "engine/gateways/gateway.hpp"

#include <gtest/gtest.h>

namespace ctib::gateways {
namespace {

using std::chrono::seconds;

GatewaySettings registering() {
  GatewaySettings s;
  s.register_ = true;
  s.expire = seconds(120);
  s.retry = seconds(30);
  s.timeout = seconds(60);
  return s;
}

// An injected clock: the machine never reads time itself.
struct Fixture {
  TimePoint now{seconds(10'000)};
  void advance(seconds s) { now += s; }
};

TEST(GatewayMachine, StaticGatewayIsUpAtOnce) {
  Fixture f;
  GatewayMachine m(GatewaySettings{}, f.now);
  EXPECT_EQ(m.state(), State::NOREG);
  EXPECT_EQ(m.status(), Status::UP);
  EXPECT_EQ(m.tick(f.now), Action::none);
  EXPECT_FALSE(m.ping_due(f.now));  // ping off
}

TEST(GatewayMachine, RegistersRefreshesAndStaysUp) {
  Fixture f;
  GatewayMachine m(registering(), f.now);
  EXPECT_EQ(m.state(), State::UNREGED);
  EXPECT_EQ(m.status(), Status::DOWN);
  ASSERT_EQ(m.tick(f.now), Action::send_register);
  EXPECT_EQ(m.state(), State::TRYING);
  m.on_register_response(200, seconds(120), f.now);
  EXPECT_EQ(m.state(), State::REGISTER);
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::REGED);
  EXPECT_EQ(m.status(), Status::UP);
  // Granted 120 s → freq 105 → refresh at 105 - 15 = 90 s.
  EXPECT_EQ(m.refresh_interval(), seconds(105));
  f.advance(seconds(89));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::REGED);
  f.advance(seconds(1));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::UNREGED);
  EXPECT_EQ(m.status(), Status::UP);  // still registered while refreshing
  EXPECT_EQ(m.tick(f.now), Action::send_register);
}

TEST(GatewayMachine, ShortGrantRefreshesEarly) {
  Fixture f;
  GatewayMachine m(registering(), f.now);
  m.tick(f.now);
  m.on_register_response(200, seconds(20), f.now);  // ≤ 60: minus 2 → 18, refresh at 18 / 2
  m.tick(f.now);
  EXPECT_EQ(m.refresh_interval(), seconds(18));
  f.advance(seconds(9));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::UNREGED);
}

TEST(GatewayMachine, FailureWaitsAndBacksOff) {
  Fixture f;
  GatewayMachine m(registering(), f.now);
  m.tick(f.now);
  m.on_register_response(403, std::nullopt, f.now);
  EXPECT_EQ(m.state(), State::FAILED);
  EXPECT_EQ(m.failure_status(), 403);
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::FAIL_WAIT);
  EXPECT_EQ(m.status(), Status::DOWN);
  f.advance(seconds(29));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::FAIL_WAIT);
  f.advance(seconds(1));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::UNREGED);
  ASSERT_EQ(m.tick(f.now), Action::send_register);
  m.on_register_response(403, std::nullopt, f.now);
  m.tick(f.now);  // second failure in a row: wait 2 × 30 s
  f.advance(seconds(59));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::FAIL_WAIT);
  f.advance(seconds(1));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::UNREGED);
}

TEST(GatewayMachine, RegisterTimeoutIs908) {
  Fixture f;
  GatewayMachine m(registering(), f.now);
  m.tick(f.now);
  f.advance(seconds(60));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::TIMEOUT);
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::FAILED);
  EXPECT_EQ(m.failure_status(), 908);
  m.on_register_response(200, std::nullopt, f.now);  // too late: ignored
  EXPECT_EQ(m.state(), State::FAILED);
}

TEST(GatewayMachine, BindingRunsOutWhileRefreshFails) {
  Fixture f;
  GatewayMachine m(registering(), f.now);
  m.tick(f.now);
  m.on_register_response(200, seconds(120), f.now);
  m.tick(f.now);
  f.advance(seconds(90));
  m.tick(f.now);  // → UNREGED
  m.tick(f.now);  // → TRYING
  f.advance(seconds(31));
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::EXPIRED);
  EXPECT_EQ(m.status(), Status::DOWN);
  m.tick(f.now);
  EXPECT_EQ(m.state(), State::UNREGED);
}

TEST(GatewayMachine, PingMarksStaticGatewayDownAndUp) {
  Fixture f;
  GatewaySettings s;
  s.ping = seconds(10);
  GatewayMachine m(s, f.now);
  EXPECT_EQ(m.status(), Status::UP);
  ASSERT_TRUE(m.ping_due(f.now));  // first ping at start
  EXPECT_FALSE(m.ping_due(f.now));
  m.on_ping_response(408, f.now);
  EXPECT_EQ(m.status(), Status::DOWN);
  f.advance(seconds(10));
  ASSERT_TRUE(m.ping_due(f.now));
  m.on_ping_response(404, f.now);  // any real answer but 503 counts
  EXPECT_EQ(m.status(), Status::UP);
  m.on_ping_response(503, f.now);
  EXPECT_EQ(m.status(), Status::DOWN);
}

TEST(GatewayMachine, PingMinNeedsSeveralSuccesses) {
  Fixture f;
  GatewaySettings s;
  s.ping = seconds(5);
  s.ping_min = 2;
  s.ping_max = 3;
  GatewayMachine m(s, f.now);
  m.on_ping_response(408, f.now);
  EXPECT_EQ(m.status(), Status::DOWN);
  m.on_ping_response(200, f.now);
  EXPECT_EQ(m.status(), Status::DOWN);
  m.on_ping_response(200, f.now);
  EXPECT_EQ(m.status(), Status::UP);
  m.on_ping_response(200, f.now);  // count 3 (max)
  m.on_ping_response(408, f.now);  // 2: still ≥ min
  EXPECT_EQ(m.status(), Status::UP);
  m.on_ping_response(408, f.now);
  EXPECT_EQ(m.status(), Status::DOWN);
}

TEST(GatewayMachine, PingFailureOnRegisteredGatewayReregisters) {
  Fixture f;
  GatewaySettings s = registering();
  s.ping = seconds(5);
  GatewayMachine m(s, f.now);
  EXPECT_FALSE(m.ping_due(f.now));  // no ping before REGED
  m.tick(f.now);
  m.on_register_response(200, std::nullopt, f.now);
  m.tick(f.now);
  ASSERT_TRUE(m.ping_due(f.now));
  m.on_ping_response(408, f.now);
  EXPECT_EQ(m.state(), State::FAILED);
  EXPECT_EQ(m.status(), Status::DOWN);
  m.on_ping_response(200, f.now);
  EXPECT_EQ(m.state(), State::UNREGED);
}

TEST(GatewayMachine, KillUnregistersOnlyWhenRegistered) {
  Fixture f;
  GatewayMachine m(registering(), f.now);
  m.tick(f.now);
  m.on_register_response(200, std::nullopt, f.now);
  m.tick(f.now);
  EXPECT_EQ(m.kill(f.now), Action::send_unregister);
  EXPECT_EQ(m.state(), State::UNREGISTER);
  EXPECT_EQ(m.status(), Status::DOWN);
  GatewayMachine idle(GatewaySettings{}, f.now);
  EXPECT_EQ(idle.kill(f.now), Action::none);
  EXPECT_EQ(idle.state(), State::DOWN);
}

TEST(GatewayMachine, StateNames) {
  EXPECT_EQ(name(State::FAIL_WAIT), "FAIL_WAIT");
  EXPECT_EQ(name(State::NOREG), "NOREG");
  EXPECT_EQ(name(Status::UP), "UP");
}

}  // namespace
}  // namespace ctib::gateways
