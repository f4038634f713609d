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

}  // namespace
}  // namespace ctib::numbers::app
