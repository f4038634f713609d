// [auth] routing_keys, replay_window, require_signature (signed routing).
#include <gtest/gtest.h>

#include "numbers/app/config.hpp"

namespace ctib::numbers::app {
namespace {

constexpr const char* kKeys = R"(
[auth]
api_keys = ["k"]
routing_keys = [{id = "2024-a", secret = "0123456789abcdef-a"}, {id = "2024-b", secret = "0123456789abcdef-b"}]
replay_window = 120
)";

TEST(RoutingKeysConfig, KeysAloneRequireSignatures) {
  const auto c = parse_config(kKeys);
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->routing_keys.size(), 2u);
  EXPECT_EQ(c->routing_keys[1].id, "2024-b");
  EXPECT_EQ(c->replay_window, std::chrono::seconds(120));
  EXPECT_TRUE(c->require_signature);  // no URL secret: signatures are the only way in
  EXPECT_TRUE(check(*c));
}

TEST(RoutingKeysConfig, WithAUrlSecretUnsignedStaysAcceptedByDefault) {
  const auto c = parse_config(std::string(kKeys) + "routing_secret = \"s\"\n");
  ASSERT_TRUE(c) << c.error();
  EXPECT_FALSE(c->require_signature);
  const auto required = parse_config(std::string(kKeys) + "routing_secret = \"s\"\nrequire_signature = true\n");
  EXPECT_TRUE(required->require_signature);
  const auto plain = parse_config("[auth]\napi_keys = [\"k\"]\nrouting_secret = \"s\"\n");
  EXPECT_EQ(plain->replay_window, std::chrono::seconds(300));
  EXPECT_FALSE(plain->require_signature);
  EXPECT_TRUE(check(*plain));
}

TEST(RoutingKeysConfig, Errors) {
  auto error = [](const std::string& auth) {
    const auto c = parse_config("[auth]\napi_keys = [\"k\"]\n" + auth);
    if (!c) return c.error();
    const auto checked = check(*c);
    return checked ? std::string() : checked.error();
  };
  EXPECT_NE(error("").find("auth.routing_secret or auth.routing_keys"), std::string::npos);
  EXPECT_NE(error("routing_secret = \"s\"\nrequire_signature = true\n").find("needs auth.routing_keys"),
            std::string::npos);
  EXPECT_NE(error("routing_keys = [{id = \"a\", secret = \"short\"}]\n").find("at least 16"), std::string::npos);
  EXPECT_NE(error("routing_keys = [{id = \"a b\", secret = \"0123456789abcdef\"}]\n").find("id must"),
            std::string::npos);
  EXPECT_NE(error("routing_keys = [{id = \"a\", secret = \"0123456789abcdef\"}, {id = \"a\", secret = "
                  "\"0123456789abcdef\"}]\n")
                .find("given twice"),
            std::string::npos);
  EXPECT_NE(error("routing_keys = [{id = \"a\"}]\n").find("{id ="), std::string::npos);
  EXPECT_NE(error("routing_secret = \"s\"\nreplay_window = 0\n").find("replay_window"), std::string::npos);
  EXPECT_NE(error("routing_secret = \"s\"\nrequire_signature = \"yes\"\n").find("require_signature"),
            std::string::npos);
}

}  // namespace
}  // namespace ctib::numbers::app
