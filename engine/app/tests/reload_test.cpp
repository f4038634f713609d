#include "engine/app/reload.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/config/load.hpp"

namespace ctib::app {
namespace {

TEST(ReloadReport, ToJsonHasTheAdminApiShape) {
  ReloadReport r{{"gateway carrier2 added", "user \"x\"@y removed"}, {"profile internal restarts on 127.0.0.1:5070"},
                 {"spool-dir"}};
  auto j = nlohmann::json::parse(to_json(r));
  EXPECT_EQ(j["reloaded"], true);
  ASSERT_EQ(j["changed"].size(), 2U);
  EXPECT_EQ(j["changed"][1], "user \"x\"@y removed");  // escaped, round-trips
  EXPECT_EQ(j["pending"][0], "profile internal restarts on 127.0.0.1:5070");
  EXPECT_EQ(j["needs_restart"][0], "spool-dir");
}

TEST(ReloadReport, DescribeNamesEachChange) {
  auto a = config::load_string(R"(
[profiles.external]
sip-port = 5080
[gateways.carrier]
proxy = "192.0.2.1"
[users.1000]
password = "a"
)", "a.toml");
  auto b = config::load_string(R"(
[engine]
max-calls = 10
[profiles.external]
sip-port = 5080
[gateways.carrier2]
proxy = "192.0.2.2"
[users.1000]
password = "b"
)", "b.toml");
  ASSERT_TRUE(a && b);
  auto lines = describe(config::diff(*a, *b));
  std::vector<std::string> want{"gateway carrier2 added", "gateway carrier removed", "user 1000@localhost changed",
                                "max-calls changed"};
  EXPECT_EQ(lines, want);
}

}  // namespace
}  // namespace ctib::app
