#include <gtest/gtest.h>

#include "engine/config/load.hpp"

namespace ctib::config {
namespace {

TEST(EdgeConfig, DefaultsWhenNotGiven) {
  auto cfg = load_string("[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  const TcpLimits& t = cfg->profiles.at(0).tcp;
  EXPECT_EQ(t.idle_timeout_ms, 60000U);
  EXPECT_EQ(t.header_timeout_ms, 5000U);
  EXPECT_EQ(t.max_connections, 1024U);
  EXPECT_EQ(t.max_connections_per_source, 32U);
  EXPECT_EQ(cfg->limits.pike_rate, 30);
  EXPECT_EQ(cfg->limits.pike_burst, 60);
  EXPECT_EQ(cfg->limits.pike_ban_seconds, 60);
}

TEST(EdgeConfig, ReadsEveryKey) {
  auto cfg = load_string(R"(
[engine]
pike-rate = 0
pike-burst = 5
pike-ban-seconds = 300
[profiles.external]
tcp-idle-timeout = 30000
tcp-header-timeout = 2000
tcp-max-connections = 200
tcp-max-connections-per-source = 4
)",
                         "t.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  const TcpLimits& t = cfg->profiles.at(0).tcp;
  EXPECT_EQ(t.idle_timeout_ms, 30000U);
  EXPECT_EQ(t.header_timeout_ms, 2000U);
  EXPECT_EQ(t.max_connections, 200U);
  EXPECT_EQ(t.max_connections_per_source, 4U);
  EXPECT_EQ(cfg->limits.pike_rate, 0);
  EXPECT_EQ(cfg->limits.pike_burst, 5);
  EXPECT_EQ(cfg->limits.pike_ban_seconds, 300);
}

TEST(EdgeConfig, RefusesAPerSourceLimitAboveTheTotal) {
  auto cfg = load_string(
      "[profiles.internal]\ntcp-max-connections = 10\ntcp-max-connections-per-source = 11\n", "t.toml");
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().to_string().find("tcp-max-connections-per-source"), std::string::npos);
  EXPECT_FALSE(load_string("[profiles.internal]\ntcp-header-timeout = 0\n", "t.toml"));
  EXPECT_FALSE(load_string("[engine]\npike-burst = 0\n", "t.toml"));
}

TEST(EdgeConfig, AuthGuardKeys) {
  auto defaults = load_string("[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->limits.auth_fail_max, 5);
  EXPECT_EQ(defaults->limits.auth_fail_window, 60);
  EXPECT_EQ(defaults->limits.auth_ban_seconds, 600);
  auto cfg = load_string(
      "[engine]\nauth-fail-max = 0\nauth-fail-window = 30\nauth-ban-seconds = "
      "2\n[profiles.internal]\nsip-port = 5060\n",
      "t.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_EQ(cfg->limits.auth_fail_max, 0);
  EXPECT_EQ(cfg->limits.auth_fail_window, 30);
  EXPECT_EQ(cfg->limits.auth_ban_seconds, 2);
  auto bad = load_string("[engine]\nauth-ban-seconds = 0\n[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("t.toml:2"), std::string::npos) << bad.error().to_string();
  EXPECT_NE(bad.error().to_string().find("auth-ban-seconds"), std::string::npos);
  EXPECT_FALSE(
      load_string("[engine]\nauth-fail-window = 0\n[profiles.internal]\nsip-port = 5060\n", "t.toml"));
  EXPECT_FALSE(load_string("[engine]\nauth-fail-max = -1\n[profiles.internal]\nsip-port = 5060\n", "t.toml"));
}

}  // namespace
}  // namespace ctib::config
