#include "engine/config/load.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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
enable-timer = false
enable-100rel = true
session-timeout = 600
minimum-session-expires = 90
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

TEST(ConfigLoad, JournalSyncIsBatchUnlessStrictAndNothingElse) {
  auto batch = load_string("[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_TRUE(batch) << batch.error().to_string();
  EXPECT_FALSE(batch->journal_strict);
  auto strict = load_string("[engine]\njournal-sync = \"strict\"\n[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_TRUE(strict) << strict.error().to_string();
  EXPECT_TRUE(strict->journal_strict);
  auto bad = load_string("[engine]\njournal-sync = \"fast\"\n[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("journal-sync"), std::string::npos) << bad.error().to_string();
}

TEST(ConfigLoad, HttpClientIsAutoUnlessCurlAndNothingElse) {
  using HttpClient = EngineConfig::HttpClient;
  auto dflt = load_string("[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_TRUE(dflt) << dflt.error().to_string();
  EXPECT_EQ(dflt->http_client, HttpClient::Auto);
  auto curl = load_string("[engine]\nhttp-client = \"curl\"\n[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_TRUE(curl) << curl.error().to_string();
  EXPECT_EQ(curl->http_client, HttpClient::Curl);
  auto bad = load_string("[engine]\nhttp-client = \"lean\"\n[profiles.internal]\nsip-port = 5060\n", "t.toml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("http-client"), std::string::npos) << bad.error().to_string();
}

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
  EXPECT_TRUE(internal->enable_timer);  // FreeSWITCH's default
  EXPECT_EQ(internal->session_timeout, 1800u);
  EXPECT_EQ(internal->minimum_session_expires, 120u);
  EXPECT_FALSE(external->enable_timer);
  EXPECT_FALSE(internal->enable_100rel);  // FreeSWITCH's default
  EXPECT_TRUE(external->enable_100rel);
  EXPECT_EQ(external->session_timeout, 600u);
  EXPECT_EQ(external->minimum_session_expires, 90u);
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
        BadCase{"cti_bridge timeout", "[profiles.a]\ncti_bridge = \"http://x/r abc\"\n",
                "profiles.a.cti_bridge", 2, "connect_timeout"},
        BadCase{"cti_bridge url", "[profiles.a]\ncti_bridge = \"ftp://x/r\"\n", "profiles.a.cti_bridge", 2,
                "url"},
        BadCase{"both routes",
                "[profiles.a]\ncti_bridge = \"http://x/r\"\n[profiles.a.route]\nurl=\"http://y\"\n",
                "profiles.a.route", 3, "either"},
        BadCase{"route table", "[profiles.a]\n[profiles.a.route]\nurl = \"http://y\"\nmethod = \"PUT\"\n",
                "profiles.a.route.method", 4, "PUT"},
        BadCase{"cause", "[profiles.a]\nroute-failure-cause = \"NO_SUCH\"\n",
                "profiles.a.route-failure-cause", 2, "NO_SUCH"},
        BadCase{"session_timeout_below_the_minimum",
                "[profiles.a]\nminimum-session-expires = 300\nsession-timeout = 200\n",
                "profiles.a.session-timeout", 3, "below minimum-session-expires"},
        BadCase{"minimum_session_expires", "[profiles.a]\nminimum-session-expires = 1\n",
                "profiles.a.minimum-session-expires", 2, "outside 2-86400"},
        BadCase{"no profiles", "[engine]\nmax-calls = 5\n", "profiles", 0, "at least one"},
        BadCase{"gateway proxy", "[profiles.external]\n[gateways.g]\nproxy = \"a b\"\n", "gateways.g.proxy",
                3, "host[:port]"},
        BadCase{"gateway no proxy", "[profiles.external]\n[gateways.g]\nfrom-user = \"x\"\n",
                "gateways.g.proxy", 2, "required"},
        BadCase{"gateway profile", "[profiles.internal]\n[gateways.g]\nproxy = \"h\"\n", "gateways.g.profile",
                0, "no profile named 'external'"},
        BadCase{"gateway register", "[profiles.external]\n[gateways.g]\nproxy = \"h\"\nregister = true\n",
                "gateways.g.register", 4, "needs username and password"},
        BadCase{"log level", "[logging]\nlevel = \"loud\"\n[profiles.a]\n", "logging.level", 2, "loud"},
        BadCase{"log format", "[logging]\nformat = \"xml\"\n[profiles.a]\n", "logging.format", 2,
                "text, json"},
        BadCase{"mask numbers", "[logging]\nmask-numbers = 1\n[profiles.a]\n", "logging.mask-numbers", 2,
                "true or false"},
        BadCase{"redact name", "[logging]\nredact-query-names = [\"a=b\"]\n[profiles.a]\n",
                "logging.redact-query-names", 2, "not a query parameter name"},
        BadCase{"same port", "[profiles.a]\nsip-port = 5060\n[profiles.b]\nsip-port = 5060\n",
                "profiles.b.sip-port", 0, "already listens"},
        BadCase{"bad name", "[profiles.\"a b\"]\n", "profiles.a b", 1, "a name is"},
        BadCase{"variable type", "[profiles.a]\n[profiles.a.variables]\nx = [1]\n", "profiles.a.variables.x",
                3, "a variable must be"},
        BadCase{"admin token", "[admin]\naddress = \"127.0.0.1:0\"\n[profiles.a]\n", "admin.token", 1,
                "required"},
        BadCase{"admin address", "[admin]\naddress = \"localhost\"\ntoken = \"t\"\n[profiles.a]\n",
                "admin.address", 2, "host:port"},
        BadCase{"admin port", "[admin]\naddress = \"127.0.0.1:70000\"\ntoken = \"t\"\n[profiles.a]\n",
                "admin.address", 2, "host:port"},
        BadCase{"admin keep", "[admin]\ntoken = \"t\"\nkeep-finished-calls = -1\n[profiles.a]\n",
                "admin.keep-finished-calls", 3, "outside"}),
    [](const auto& test_info) {
      std::string n = test_info.param.name;
      for (char& ch : n) {
        if (ch == ' ') ch = '_';
      }
      return n;
    });

TEST(ConfigLoad, LoggingFormatAndPrivacy) {
  auto cfg = load_string(
      "[logging]\nformat = \"json\"\nmask-numbers = false\nredact-query-names = [\"pin\"]\n[profiles.a]\n",
      "logging.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_EQ(cfg->logging.format, ctib::logging::Format::json);
  EXPECT_FALSE(cfg->logging.mask_numbers);
  const auto& names = cfg->logging.redact_query_names;
  EXPECT_EQ(names.back(), "pin");
  EXPECT_NE(std::find(names.begin(), names.end(), "secret"), names.end());  // defaults stay

  auto plain = load_string("[profiles.a]\n", "plain.toml");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->logging.format, ctib::logging::Format::text);
  EXPECT_TRUE(plain->logging.mask_numbers);
}

TEST(ConfigLoad, AdminSection) {
  auto none = load_string("[profiles.a]\n", "none.toml");
  ASSERT_TRUE(none) << none.error().to_string();
  EXPECT_FALSE(none->admin);

  auto defaults = load_string("[admin]\ntoken = \"s3cret\"\n[profiles.a]\n", "defaults.toml");
  ASSERT_TRUE(defaults) << defaults.error().to_string();
  ASSERT_TRUE(defaults->admin);
  EXPECT_EQ(defaults->admin->host, "127.0.0.1");
  EXPECT_EQ(defaults->admin->port, 8021);
  EXPECT_EQ(defaults->admin->token, "s3cret");
  EXPECT_EQ(defaults->admin->keep_finished_calls, 1000u);

  auto v6 = load_string("[admin]\naddress = \"[::1]:0\"\ntoken = \"t\"\nkeep-finished-calls = 5\n[profiles.a]\n",
                        "v6.toml");
  ASSERT_TRUE(v6) << v6.error().to_string();
  ASSERT_TRUE(v6->admin);
  EXPECT_EQ(v6->admin->host, "::1");
  EXPECT_EQ(v6->admin->port, 0);
  EXPECT_EQ(v6->admin->keep_finished_calls, 5u);

  auto off = load_string("[admin]\naddress = \"\"\ntoken = \"t\"\n[profiles.a]\n", "off.toml");
  ASSERT_TRUE(off) << off.error().to_string();
  EXPECT_FALSE(off->admin);
}

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
  ASSERT_TRUE(cfg->admin);
  EXPECT_FALSE(cfg->admin->token.empty());
}

}  // namespace
}  // namespace ctib::config
