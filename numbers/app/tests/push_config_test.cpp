// [push]: call events and records pushed to callback URLs (docs/push.md).
#include <gtest/gtest.h>

#include "numbers/app/config.hpp"

namespace ctib::numbers::app {
namespace {

constexpr const char* kBase = R"(
[auth]
api_keys = ["k"]
routing_secret = "s"
)";

TEST(PushConfig, NoSectionPushesNothing) {
  const auto c = parse_config(kBase);
  ASSERT_TRUE(c) << c.error();
  EXPECT_FALSE(c->push);
}

TEST(PushConfig, EveryKey) {
  const auto c = parse_config(std::string(kBase) + R"(
[push]
urls = ["https://a.example/events", "http://10.0.0.9:8080/in?tenant=7"]
key_id = "push-2024"
key = "0123456789abcdef-push"
batch_size = 20
max_delay_ms = 250
max_attempts = 5
backoff_initial = 2
backoff_max = 60
timeout_ms = 1500
max_in_flight = 2
)");
  ASSERT_TRUE(c) << c.error();
  EXPECT_TRUE(c->push);
  const auto& o = c->push_options;
  ASSERT_EQ(o.urls.size(), 2u);
  EXPECT_EQ(o.urls[1], "http://10.0.0.9:8080/in?tenant=7");
  EXPECT_EQ(o.key.id, "push-2024");
  EXPECT_EQ(o.key.secret, "0123456789abcdef-push");
  EXPECT_EQ(o.batch_size, 20u);
  EXPECT_EQ(o.max_delay, std::chrono::milliseconds(250));
  EXPECT_EQ(o.max_attempts, 5);
  EXPECT_EQ(o.backoff_initial, std::chrono::seconds(2));
  EXPECT_EQ(o.backoff_max, std::chrono::seconds(60));
  EXPECT_EQ(o.timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(o.max_in_flight, 2u);
}

TEST(PushConfig, RefusalsNameTheKey) {
  const auto refused = [](const std::string& push) {
    const auto c = parse_config(std::string(kBase) + "[push]\n" + push);
    return c ? std::string("accepted") : c.error();
  };
  const std::string key = "key_id = \"p\"\nkey = \"0123456789abcdef\"\n";
  EXPECT_NE(refused("urls = [\"https://a/\"]\n").find("push.key_id"),
            std::string::npos);  // unsigned: refused
  EXPECT_NE(refused("key_id = \"p\"\nkey = \"short\"\n").find("push.key must be at least 16"),
            std::string::npos);
  EXPECT_NE(refused(key + "urls = [\"ftp://a/\"]\n").find("push.urls"), std::string::npos);
  EXPECT_NE(refused(key + "urls = [\"http://a/ b\"]\n").find("push.urls"), std::string::npos);
  EXPECT_NE(refused(key + "urls = [\"http:///x\"]\n").find("push.urls"), std::string::npos);
  EXPECT_NE(refused(key + "batch_size = 0\n").find("push.batch_size"), std::string::npos);
  EXPECT_NE(refused(key + "backoff_initial = 10\nbackoff_max = 5\n").find("push.backoff_max"),
            std::string::npos);
  EXPECT_EQ(refused(key), "accepted");  // no service URL: only bindings with a callback_url are pushed
}

// Decision 0027: a tenant's own URLs and key.
TEST(PushConfig, TenantsHaveTheirOwnUrlsAndKeys) {
  const auto c = parse_config(std::string(kBase) + R"(
[push]
urls = ["https://operator.example/in"]
key_id = "ops"
key = "0123456789abcdef-ops"

[[push.tenants]]
tenant = "acme"
urls = ["https://acme.example/calls", "https://backup.acme.example/calls"]
key_id = "acme-2026"
key = "0123456789abcdef-acme"

[[push.tenants]]
tenant = "globex"
key_id = "globex-1"
key = "0123456789abcdef-globex"
)");
  ASSERT_TRUE(c) << c.error();
  const auto& o = c->push_options;
  ASSERT_EQ(o.tenants.size(), 2u);
  ASSERT_NE(o.tenant_push("acme"), nullptr);
  EXPECT_EQ(o.tenant_push("acme")->urls,
            (std::vector<std::string>{"https://acme.example/calls", "https://backup.acme.example/calls"}));
  EXPECT_EQ(o.key_for("acme").id, "acme-2026");
  EXPECT_EQ(o.key_for("acme").secret, "0123456789abcdef-acme");
  EXPECT_TRUE(o.tenant_push("globex")->urls.empty());  // only its bindings' callback_url
  EXPECT_EQ(o.key_for("globex").id, "globex-1");
  EXPECT_EQ(o.tenant_push("default"), nullptr);
  EXPECT_EQ(o.key_for("default").id, "ops");  // tenants without an entry: the service's
}

TEST(PushConfig, TenantRefusalsNameTheTenant) {
  const auto refused = [](const std::string& tenants) {
    const auto c =
        parse_config(std::string(kBase) + "[push]\nkey_id = \"ops\"\nkey = \"0123456789abcdef\"\n" + tenants);
    return c ? std::string("accepted") : c.error();
  };
  const std::string head = "[[push.tenants]]\n";
  const std::string key = "key_id = \"a\"\nkey = \"0123456789abcdef\"\n";
  const std::string acme = head + "tenant = \"acme\"\n" + key;
  EXPECT_EQ(refused(acme), "accepted");
  EXPECT_NE(refused(head + key).find("push.tenants: tenant"), std::string::npos);
  EXPECT_NE(refused(head + "tenant = \"a b\"\n" + key).find("push.tenants: tenant"), std::string::npos);
  EXPECT_NE(refused(head + "tenant = \"acme\"\nurls = [\"https://a/\"]\n").find("push.tenants (acme).key_id"),
            std::string::npos);  // no key of its own: refused
  EXPECT_NE(refused(head + "tenant = \"acme\"\nkey_id = \"a\"\nkey = \"short\"\n")
                .find("push.tenants (acme).key must be at least 16"),
            std::string::npos);
  EXPECT_NE(refused(acme + "urls = [\"ftp://a/\"]\n").find("push.tenants (acme).urls"), std::string::npos);
  EXPECT_NE(refused(acme + acme).find("push.tenants (acme) is given twice"), std::string::npos);
  EXPECT_NE(
      refused(head + "tenant = \"acme\"\nkey_id = \"ops\"\nkey = \"0123456789abcdef\"\n").find("push.key_id"),
      std::string::npos);
  EXPECT_NE(refused(acme + head + "tenant = \"globex\"\n" + key).find("also the id of tenant acme"),
            std::string::npos);
  EXPECT_NE(refused(acme + "secret = \"x\"\n").find("unknown key secret"), std::string::npos);
  EXPECT_NE(refused("[push.tenants]\n").find("push.tenants must be an array"), std::string::npos);
}

}  // namespace
}  // namespace ctib::numbers::app
