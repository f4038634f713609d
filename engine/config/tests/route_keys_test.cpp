#include <gtest/gtest.h>

#include "engine/config/load.hpp"

namespace ctib::config {
namespace {

constexpr const char* kSigned = R"(
[profiles.external]
sip-port = 5080
cti_bridge = "http://127.0.0.1:8080/v1/cti?secret=s"
cti_bridge_key = "k2024"
route-fallback = "http://127.0.0.1:8081/v1/cti"
route-fallback-key = "backup"

[profiles.plain]
sip-port = 5082
cti_bridge = "http://127.0.0.1:8080/v1/cti?secret=s"

[users."1000"]
password = "p"
cti_bridge = "http://127.0.0.1:8080/u"
cti_bridge_key = "k2024"

[route-keys.k2024]
secret = "0123456789abcdef0123"
[route-keys.backup]
secret = "fedcba9876543210fedc"
)";

TEST(RouteKeys, RoutesNameTheirKey) {
  auto cfg = load_string(kSigned, "test.toml");
  ASSERT_TRUE(cfg.has_value()) << cfg.error().to_string();
  ASSERT_EQ(cfg->route_keys.size(), 2u);
  ASSERT_NE(cfg->route_key("k2024"), nullptr);
  EXPECT_EQ(cfg->route_key("k2024")->secret, "0123456789abcdef0123");
  EXPECT_EQ(cfg->profile("external")->route->key_id, "k2024");
  EXPECT_EQ(cfg->profile("external")->route_failure.fallback_route->key_id, "backup");
  EXPECT_EQ(cfg->profile("plain")->route->key_id, "");  // unsigned, as FreeSWITCH
  EXPECT_EQ(cfg->users.at(0).route->key_id, "k2024");
}

std::string error_of(const std::string& text) {
  auto cfg = load_string(text, "test.toml");
  return cfg ? "" : cfg.error().to_string();
}

TEST(RouteKeys, Errors) {
  const std::string profile = "[profiles.p]\ncti_bridge = \"http://h/r\"\n";
  EXPECT_NE(error_of(profile + "cti_bridge_key = \"nope\"\n").find("no [route-keys.nope]"), std::string::npos);
  EXPECT_NE(error_of("[profiles.p]\ncti_bridge_key = \"k\"\n").find("no route to sign"), std::string::npos);
  EXPECT_NE(error_of(profile + "[route-keys.k]\nsecret = \"short\"\n").find("at least 16"), std::string::npos);
  EXPECT_NE(error_of(profile + "[route-keys.\"a b\"]\nsecret = \"0123456789abcdef\"\n").find("key id"),
            std::string::npos);
  EXPECT_NE(error_of(profile + "[route-keys.k]\nsecret = \"0123456789abcdef\"\nsecrte = 1\n").find("secrte"),
            std::string::npos);
}

}  // namespace
}  // namespace ctib::config
