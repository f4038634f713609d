#include "engine/config/load.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace ctib::config {
namespace {

constexpr const char* kGood = R"(
[engine]
max-calls = 100
retry-after = 7
spool-dir = "/tmp/spool"
call-journal = false

[logging]
level = "debug"

[profiles.internal]
sip-ip = "127.0.0.1"
sip-port = 5060
cti_bridge = "http://127.0.0.1:8080/route?tenant=7 1000 2000 0"
route-failure-cause = "USER_BUSY"
route-headers = ["X-Tenant"]
[profiles.internal.variables]
ignore_early_media = true
call_timeout = 30

[profiles.external]
sip-ip = "127.0.0.1"
sip-port = 5080
timer-T1X64 = 8000
[profiles.external.route]
url = "http://127.0.0.1:8080/in"
method = "POST"
response_timeout = 1500

[gateways.carrier]
profile = "external"
proxy = "192.0.2.1:5070"
from-user = "trunk"
caller-id-in-from = true
[gateways.carrier.variables]
sip_h_X-Trunk = "1"
)";

TEST(ConfigLoad, ReadsEveryKey) {
  auto cfg = load_string(kGood, "good.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_EQ(cfg->limits.max_calls, 100);
  EXPECT_EQ(cfg->limits.retry_after, 7);
  EXPECT_EQ(cfg->spool_dir, "/tmp/spool");
  EXPECT_FALSE(cfg->call_journal);
  EXPECT_EQ(cfg->logging.level, "debug");
  ASSERT_EQ(cfg->profiles.size(), 2u);
  const ProfileConfig* internal = cfg->profile("internal");
  ASSERT_NE(internal, nullptr);
  ASSERT_TRUE(internal->route);
  EXPECT_EQ(internal->route->url, "http://127.0.0.1:8080/route?tenant=7");
  EXPECT_EQ(internal->route->connect_timeout.count(), 1000);
  EXPECT_EQ(internal->route->response_timeout.count(), 2000);
  EXPECT_FALSE(internal->route->notify);
  EXPECT_EQ(internal->route_failure.cause, causes::HangupCause::USER_BUSY);
  EXPECT_EQ(internal->route_headers, std::vector<std::string>{"X-Tenant"});
  EXPECT_EQ(internal->variables.get("ignore_early_media"), "true");
  EXPECT_EQ(internal->variables.get("call_timeout"), "30");
  const ProfileConfig* external = cfg->profile("external");
  ASSERT_TRUE(external && external->route);
  EXPECT_EQ(external->route->method, routing::HttpMethod::Post);
  EXPECT_EQ(external->timer_t1x64_ms, 8000u);
  EXPECT_FALSE(internal->timer_t1x64_ms);
  EXPECT_EQ(external->route->response_timeout.count(), 1500);
  EXPECT_EQ(external->route->connect_timeout.count(), 3000);
  const GatewayConfig* gw = cfg->gateway("carrier");
  ASSERT_NE(gw, nullptr);
  EXPECT_EQ(gw->proxy_host, "192.0.2.1");
  EXPECT_EQ(gw->proxy_port, 5070);
  EXPECT_EQ(gw->from_user, "trunk");
  EXPECT_TRUE(gw->caller_id_in_from);
  EXPECT_EQ(gw->variables.get("sip_h_X-Trunk"), "1");
}

struct BadCase {
  const char* name;
  const char* toml;
  const char* key;
  int line;
  const char* words;
};

class ConfigErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigErrors, NameTheKeyAndLine) {
  const BadCase& c = GetParam();
  auto cfg = load_string(c.toml, "bad.toml");
  ASSERT_FALSE(cfg) << c.name;
  EXPECT_EQ(cfg.error().key, c.key) << cfg.error().to_string();
  EXPECT_EQ(cfg.error().line, c.line) << cfg.error().to_string();
  EXPECT_NE(cfg.error().to_string().find(c.words), std::string::npos) << cfg.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    All, ConfigErrors,
    ::testing::Values(
        BadCase{"port", "[profiles.a]\nsip-port = 70000\n", "profiles.a.sip-port", 2, "outside 1-65535"},
        BadCase{"port type", "[profiles.a]\nsip-port = \"5060\"\n", "profiles.a.sip-port", 2, "whole number"},
        BadCase{"typo", "[profiles.a]\nsip-prot = 5060\n", "profiles.a.sip-prot", 2, "unknown key"},
        BadCase{"cti_bridge timeout", "[profiles.a]\ncti_bridge = \"http://x/r abc\"\n", "profiles.a.cti_bridge", 2,
                "connect_timeout"},
        BadCase{"cti_bridge url", "[profiles.a]\ncti_bridge = \"ftp://x/r\"\n", "profiles.a.cti_bridge", 2, "url"},
        BadCase{"both routes", "[profiles.a]\ncti_bridge = \"http://x/r\"\n[profiles.a.route]\nurl=\"http://y\"\n",
                "profiles.a.route", 3, "either"},
        BadCase{"route table", "[profiles.a]\n[profiles.a.route]\nurl = \"http://y\"\nmethod = \"PUT\"\n",
                "profiles.a.route.method", 4, "PUT"},
        BadCase{"cause", "[profiles.a]\nroute-failure-cause = \"NO_SUCH\"\n", "profiles.a.route-failure-cause", 2,
                "NO_SUCH"},
        BadCase{"no profiles", "[engine]\nmax-calls = 5\n", "profiles", 0, "at least one"},
        BadCase{"gateway proxy", "[profiles.external]\n[gateways.g]\nproxy = \"a b\"\n", "gateways.g.proxy", 3,
                "host[:port]"},
        BadCase{"gateway no proxy", "[profiles.external]\n[gateways.g]\nfrom-user = \"x\"\n", "gateways.g.proxy", 2,
                "required"},
        BadCase{"gateway profile", "[profiles.internal]\n[gateways.g]\nproxy = \"h\"\n", "gateways.g.profile", 0,
                "no profile named 'external'"},
        BadCase{"gateway register", "[profiles.external]\n[gateways.g]\nproxy = \"h\"\nregister = true\n",
                "gateways.g.register", 4, "needs username and password"},
        BadCase{"log level", "[logging]\nlevel = \"loud\"\n[profiles.a]\n", "logging.level", 2, "loud"},
        BadCase{"same port", "[profiles.a]\nsip-port = 5060\n[profiles.b]\nsip-port = 5060\n", "profiles.b.sip-port",
                0, "already listens"},
        BadCase{"bad name", "[profiles.\"a b\"]\n", "profiles.a b", 1, "a name is"},
        BadCase{"variable type", "[profiles.a]\n[profiles.a.variables]\nx = [1]\n", "profiles.a.variables.x", 3,
                "a variable must be"}),
    [](const auto& test_info) {
      std::string n = test_info.param.name;
      for (char& ch : n) {
        if (ch == ' ') ch = '_';
      }
      return n;
    });

TEST(ConfigLoad, SyntaxErrorHasALine) {
  auto cfg = load_string("[profiles.a]\nsip-port = = 5\n", "syntax.toml");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().line, 2);
  EXPECT_NE(cfg.error().to_string().find("syntax.toml:2:"), std::string::npos);
}

TEST(ConfigLoad, MissingFile) {
  auto cfg = load_file("/nonexistent/engine.toml");
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().to_string().find("cannot open"), std::string::npos);
}

TEST(ConfigLoad, ShippedExampleIsValid) {
  auto cfg = load_file(std::string(CTIB_SOURCE_DIR) + "/config/engine.example.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_NE(cfg->profile("internal"), nullptr);
  EXPECT_NE(cfg->profile("external"), nullptr);
}

// The configuration scripts/run.sh starts the main job with.
TEST(ConfigLoad, MainJobConfigIsValid) {
  auto cfg = load_file(std::string(CTIB_SOURCE_DIR) + "/config/engine.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  const ProfileConfig* external = cfg->profile("external");
  ASSERT_NE(external, nullptr);
  ASSERT_TRUE(external->route);
  EXPECT_NE(external->route->url.find("/v1/cti?secret="), std::string::npos);
  ASSERT_NE(cfg->gateway("carrier"), nullptr);
}

}  // namespace
}  // namespace ctib::config
