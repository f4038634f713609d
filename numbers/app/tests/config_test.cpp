#include "numbers/app/config.hpp"

#include <gtest/gtest.h>

namespace ctib::numbers::app {
namespace {

TEST(NumbersConfig, ExampleFileLoads) {
  const auto c = load_config(CTIB_EXAMPLE_CONFIG);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->backend, Backend::sqlite);
  ASSERT_EQ(c->api_keys.size(), 1u);
  EXPECT_EQ(c->api_keys[0].secret, "change-me");
  EXPECT_EQ(c->api_keys[0].tenant, "default");  // keys without a tenant: the default one
  EXPECT_EQ(c->api_keys[0].rate_limit, 0);
  EXPECT_EQ(c->routing_secret, "change-me-too");
  EXPECT_EQ(c->pair_limit, 200);
  EXPECT_EQ(c->cooldown, std::chrono::seconds(600));
  EXPECT_TRUE(c->admin);
  EXPECT_EQ(c->admin_port, 8022);
  EXPECT_TRUE(check(*c));
}

TEST(NumbersConfig, KeyTablesGiveTenantsAndLimits) {
  const auto c = parse_config(R"([auth]
api_keys = ["legacy"]
routing_secret = "s"

[[auth.keys]]
id = "acme-1"
secret = "acme-secret"
tenant = "acme"
rate_limit = 2.5
burst = 10

[[auth.keys]]
id = "ops"
secret = "ops-secret"
all_tenants = true
)");
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->api_keys.size(), 3u);
  EXPECT_EQ(c->api_keys[0].id, "api_keys[0]");
  EXPECT_EQ(c->api_keys[0].tenant, "default");
  EXPECT_EQ(c->api_keys[1].id, "acme-1");
  EXPECT_EQ(c->api_keys[1].secret, "acme-secret");
  EXPECT_EQ(c->api_keys[1].tenant, "acme");
  EXPECT_DOUBLE_EQ(c->api_keys[1].rate_limit, 2.5);
  EXPECT_DOUBLE_EQ(c->api_keys[1].burst, 10);
  EXPECT_FALSE(c->api_keys[1].all_tenants);
  EXPECT_EQ(c->api_keys[2].tenant, "default");
  EXPECT_TRUE(c->api_keys[2].all_tenants);
  EXPECT_TRUE(check(*c));
  // Key tables alone are enough.
  EXPECT_TRUE(
      check(*parse_config("[auth]\nrouting_secret = \"s\"\n[[auth.keys]]\nid = \"a\"\nsecret = \"x\"\n")));

  const auto error = [](const std::string& key) {
    const auto bad = parse_config("[auth]\nrouting_secret = \"s\"\n[[auth.keys]]\n" + key);
    return bad ? std::string("accepted") : bad.error();
  };
  EXPECT_NE(error("id = \"a\"\nsecret = \"x\"\ntenant = \"a b\"\n").find("tenant"), std::string::npos);
  EXPECT_NE(error("id = \"a b\"\nsecret = \"x\"\n").find("id"), std::string::npos);
  EXPECT_NE(error("id = \"a\"\n").find("secret"), std::string::npos);
  EXPECT_NE(error("id = \"a\"\nsecret = \"x\"\nrate_limit = -1\n").find("rate_limit"), std::string::npos);
  EXPECT_NE(error("id = \"a\"\nsecret = \"x\"\nburst = \"9\"\n").find("burst"), std::string::npos);
  EXPECT_NE(error("id = \"a\"\nsecret = \"x\"\nrate = 1\n").find("unknown key rate"), std::string::npos);
  EXPECT_NE(error("id = \"a\"\nsecret = \"x\"\n[[auth.keys]]\nid = \"a\"\nsecret = \"y\"\n").find("twice"),
            std::string::npos);
}

TEST(NumbersConfig, AxeSectionAndItsDefaults) {
  const auto example = load_config(CTIB_EXAMPLE_CONFIG);
  ASSERT_TRUE(example) << example.error();
  EXPECT_EQ(example->axe.extension_length, 4u);
  EXPECT_EQ(example->axe.retries, 2);
  const auto defaults = parse_config("");
  ASSERT_TRUE(defaults) << defaults.error();
  EXPECT_EQ(defaults->axe.prompt, "tone_stream://%(200,100,440)");
  EXPECT_EQ(defaults->axe.retry_prompt, "");
  EXPECT_EQ(defaults->axe.tries, 3);
  EXPECT_EQ(defaults->axe.timeout_ms, 5000);
  EXPECT_EQ(defaults->axe.digit_timeout_ms, 3000);
  EXPECT_EQ(defaults->axe.terminators, "#");
  const auto c = parse_config(R"toml([axe]
extension_length = 3
prompt = "/var/lib/ctib/enter.wav"
retry_prompt = "/var/lib/ctib/again.wav"
invalid_prompt = "tone_stream://%(100,100,480)"
retries = 4
tries = 1
timeout = 8000
digit_timeout = 2000
terminators = "*#"
)toml");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->axe.extension_length, 3u);
  EXPECT_EQ(c->axe.prompt, "/var/lib/ctib/enter.wav");
  EXPECT_EQ(c->axe.retry_prompt, "/var/lib/ctib/again.wav");
  EXPECT_EQ(c->axe.invalid_prompt, "tone_stream://%(100,100,480)");
  EXPECT_EQ(c->axe.retries, 4);
  EXPECT_EQ(c->axe.tries, 1);
  EXPECT_EQ(c->axe.timeout_ms, 8000);
  EXPECT_EQ(c->axe.digit_timeout_ms, 2000);
  EXPECT_EQ(c->axe.terminators, "*#");
  // The engine allows 5 rounds a call: retries at most 4.
  for (const char* bad : {"[axe]\nretries = 5\n", "[axe]\nextension_length = 9\n",
                          "[axe]\nprompt = \"enter.wav\"\n", "[axe]\nretry_prompt = \"http://x/a.wav\"\n",
                          "[axe]\nterminators = \"a\"\n", "[axe]\ntimeout = 0\n"}) {
    const auto refused = parse_config(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_NE(refused.error().find("axe."), std::string::npos) << refused.error();
  }
}

TEST(NumbersConfig, ErrorsNameTheKey) {
  EXPECT_NE(parse_config("[server]\nport = 70000\n").error().find("server.port"), std::string::npos);
  EXPECT_NE(parse_config("[server]\nport = \"80\"\n").error().find("server.port"), std::string::npos);
  EXPECT_NE(parse_config("[database]\nbackend = \"mysql\"\n").error().find("database.backend"),
            std::string::npos);
  EXPECT_NE(parse_config("[auth]\napi_keys = \"k\"\n").error().find("auth.api_keys"), std::string::npos);
  EXPECT_NE(parse_config("[numbers]\ndial_format = \"x\"\n").error().find("numbers.dial_format"),
            std::string::npos);
  EXPECT_FALSE(parse_config("[server\n"));
  EXPECT_FALSE(check(Config{}));
}

TEST(NumbersConfig, DialFormatPerGateway) {
  using model::DialFormat;
  // Unset: national for +86 (the trunk prefix kept), E.164 for other plans.
  const auto defaults = parse_config("");
  ASSERT_TRUE(defaults) << defaults.error();
  EXPECT_EQ(defaults->dial_formats.fallback, DialFormat::national);
  EXPECT_TRUE(defaults->dial_formats.by_gateway.empty());
  const auto uk = parse_config("[numbers]\ncountry_code = \"44\"\n");
  ASSERT_TRUE(uk) << uk.error();
  EXPECT_EQ(uk->dial_formats.fallback, DialFormat::e164);

  const auto set = parse_config(
      "[numbers]\ndial_format = \"e164\"\n"
      "[numbers.gateway_formats]\ncarrier = \"national\"\n\"gw-intl\" = \"as-imported\"\n");
  ASSERT_TRUE(set) << set.error();
  EXPECT_EQ(set->dial_formats.fallback, DialFormat::e164);
  EXPECT_EQ(set->dial_formats.for_gateway("carrier"), DialFormat::national);
  EXPECT_EQ(set->dial_formats.for_gateway("gw-intl"), DialFormat::as_imported);
  EXPECT_EQ(set->dial_formats.for_gateway("other"), DialFormat::e164);

  const auto bad = parse_config("[numbers.gateway_formats]\ncarrier = \"local\"\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("numbers.gateway_formats.carrier"), std::string::npos) << bad.error();
  EXPECT_NE(bad.error().find("line 2"), std::string::npos) << bad.error();
  const auto not_text = parse_config("[numbers.gateway_formats]\ncarrier = 1\n");
  ASSERT_FALSE(not_text);
  EXPECT_NE(not_text.error().find("numbers.gateway_formats.carrier"), std::string::npos);
  const auto not_table = parse_config("[numbers]\ngateway_formats = \"national\"\n");
  ASSERT_FALSE(not_table);
  EXPECT_NE(not_table.error().find("numbers.gateway_formats"), std::string::npos);
}

TEST(NumbersConfig, Logging) {
  auto c =
      parse_config("[logging]\nformat = \"json\"\nmask_numbers = false\nredact_query_names = [\"pin\"]\n");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->logging.format, ctib::logging::Format::json);
  EXPECT_FALSE(c->logging.mask_numbers);
  EXPECT_EQ(c->logging.redact_query_names.back(), "pin");
  EXPECT_EQ(c->logging.redact_query_names.front(), "secret");
  EXPECT_TRUE(Config{}.logging.mask_numbers);
  EXPECT_NE(parse_config("[logging]\nformat = \"xml\"\n").error().find("logging.format"), std::string::npos);
  EXPECT_NE(parse_config("[logging]\nlevel = \"loud\"\n").error().find("logging.level"), std::string::npos);
  EXPECT_NE(parse_config("[logging]\nmask_numbers = 1\n").error().find("logging.mask_numbers"),
            std::string::npos);
  EXPECT_NE(
      parse_config("[logging]\nredact_query_names = [\"a b\"]\n").error().find("logging.redact_query_names"),
      std::string::npos);
}

TEST(NumbersConfig, AdminSectionIsOptionalAndNeedsItsToken) {
  const auto none = parse_config("");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->admin);
  const auto defaults = parse_config("[admin]\ntoken = \"t0k\"\n");
  ASSERT_TRUE(defaults) << defaults.error();
  EXPECT_TRUE(defaults->admin);
  EXPECT_EQ(defaults->admin_address, "127.0.0.1");
  EXPECT_EQ(defaults->admin_port, 8022);
  EXPECT_EQ(defaults->admin_token, "t0k");
  const auto set = parse_config("[admin]\naddress = \"[::1]:0\"\ntoken = \"t\"\n");
  ASSERT_TRUE(set) << set.error();
  EXPECT_EQ(set->admin_address, "::1");
  EXPECT_EQ(set->admin_port, 0);
  const auto off = parse_config("[admin]\naddress = \"\"\n");
  ASSERT_TRUE(off) << off.error();
  EXPECT_FALSE(off->admin);
  EXPECT_NE(parse_config("[admin]\naddress = \"127.0.0.1:8022\"\n").error().find("admin.token"),
            std::string::npos);
  EXPECT_NE(parse_config("[admin]\naddress = \"nowhere\"\ntoken = \"t\"\n").error().find("admin.address"),
            std::string::npos);
}

TEST(NumbersConfig, FlagsOverride) {
  auto c = with_listen(Config{}, "127.0.0.1:0");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 0);
  EXPECT_FALSE(with_listen(Config{}, "nowhere"));
  EXPECT_EQ(with_database(Config{}, "postgres:host=/tmp dbname=n").postgres_conninfo, "host=/tmp dbname=n");
  EXPECT_EQ(with_database(Config{}, "postgresql://u@h/db").backend, Backend::postgres);
  EXPECT_EQ(with_database(Config{}, "sqlite:/tmp/n.db").sqlite_path, "/tmp/n.db");
  EXPECT_EQ(with_database(Config{}, "/tmp/x.db").sqlite_path, "/tmp/x.db");
}

}  // namespace
}  // namespace ctib::numbers::app
