#include "engine/config/diff.hpp"

#include <gtest/gtest.h>

#include "engine/config/load.hpp"

namespace ctib::config {
namespace {

using Names = std::vector<std::string>;

EngineConfig load(const std::string& text) {
  auto c = load_string(text, "t.toml");
  EXPECT_TRUE(c) << (c ? "" : c.error().to_string());
  return c ? *c : EngineConfig{};
}

const char* kBase = R"(
[engine]
spool-dir = "spool"
[profiles.internal]
sip-ip = "127.0.0.1"
sip-port = 5060
cti_bridge = "http://127.0.0.1:8080/route"
[profiles.external]
sip-port = 5080
[gateways.carrier]
proxy = "192.0.2.1"
register = true
username = "u"
password = "p"
[gateways.static]
proxy = "192.0.2.2"
[acls.trunks]
allow = ["192.0.2.0/24"]
[users.1000]
password = "secret"
)";

TEST(ConfigDiff, SameFileIsEmpty) {
  EXPECT_TRUE(diff(load(kBase), load(kBase)).empty());
}

TEST(ConfigDiff, GatewaysAddedRemovedChanged) {
  std::string next = kBase;
  next.replace(next.find("[gateways.carrier]"), std::string("[gateways.carrier]").size(), "[gateways.carrier2]");
  next.replace(next.find("192.0.2.2"), 9, "192.0.2.9");
  auto d = diff(load(kBase), load(next));
  EXPECT_EQ(d.gateways_added, Names{"carrier2"});
  EXPECT_EQ(d.gateways_removed, Names{"carrier"});
  EXPECT_EQ(d.gateways_changed, Names{"static"});
  EXPECT_TRUE(d.profiles_rebound.empty());
}

TEST(ConfigDiff, UsersAndAcls) {
  std::string next = std::string(kBase) + "[users.1001]\npassword = \"x\"\n[acls.office]\nallow = [\"10.0.0.0/8\"]\n";
  next.replace(next.find("192.0.2.0/24"), 12, "192.0.2.0/25");
  next.replace(next.find("[users.1000]\npassword = \"secret\""), 32, "");
  auto d = diff(load(kBase), load(next));
  EXPECT_EQ(d.users_added, Names{"1001@localhost"});
  EXPECT_EQ(d.users_removed, Names{"1000@localhost"});
  EXPECT_EQ(d.acls_added, Names{"office"});
  EXPECT_EQ(d.acls_changed, Names{"trunks"});
}

TEST(ConfigDiff, RouteChangeAppliesAtOncePortChangeRebinds) {
  std::string next = kBase;
  next.replace(next.find("8080/route"), 4, "9090");
  next.replace(next.find("sip-port = 5060"), 15, "sip-port = 5070");
  auto d = diff(load(kBase), load(next));
  EXPECT_EQ(d.profiles_rebound, Names{"internal"});
  EXPECT_EQ(d.profiles_changed, Names{"profile internal: route"});
}

// The session timer settings are nua_create tags (decision 0007): a change
// waits for the profile to restart, as sip-port does.
TEST(ConfigDiff, SessionTimerChangeRebinds) {
  std::string next = kBase;
  next.replace(next.find("sip-port = 5080"), 15, "sip-port = 5080\nsession-timeout = 600");
  auto d = diff(load(kBase), load(next));
  EXPECT_EQ(d.profiles_rebound, Names{"external"});
  EXPECT_TRUE(d.profiles_changed.empty());
}

// enable-100rel is a nua_create tag too (decision 0022).
TEST(ConfigDiff, Enable100relChangeRebinds) {
  std::string next = kBase;
  next.replace(next.find("sip-port = 5080"), 15, "sip-port = 5080\nenable-100rel = true");
  auto d = diff(load(kBase), load(next));
  EXPECT_EQ(d.profiles_rebound, Names{"external"});
  EXPECT_TRUE(d.profiles_changed.empty());
}

TEST(ConfigDiff, ProfilesAddedAndRemoved) {
  auto running = load(kBase);
  auto d = diff(running, load(std::string(kBase) + "[profiles.lab]\nsip-port = 5090\n"));
  EXPECT_EQ(d.profiles_added, Names{"lab"});
  EXPECT_TRUE(d.profiles_removed.empty());
  auto gone = load(R"(
[profiles.internal]
sip-ip = "127.0.0.1"
sip-port = 5060
cti_bridge = "http://127.0.0.1:8080/route"
)");
  d = diff(running, gone);
  EXPECT_EQ(d.profiles_removed, Names{"external"});
  EXPECT_EQ(d.gateways_removed, (Names{"carrier", "static"}));
}

TEST(ConfigDiff, StartOnlyKeysNeedRestartAndOthersApply) {
  std::string next = kBase;
  next.replace(next.find("spool-dir = \"spool\""), 19,
               "spool-dir = \"elsewhere\"\nmax-calls = 7\nshutdown-grace = 3\nmin-idle-cpu = 5");
  auto d = diff(load(kBase), load(next));
  EXPECT_EQ(d.needs_restart, (Names{"spool-dir", "shutdown-grace", "min-idle-cpu"}));
  // The AuthGuard is built once: its counts and bans would be lost.
  std::string guarded = kBase;
  guarded.replace(guarded.find("spool-dir = \"spool\""), 19, "spool-dir = \"spool\"\nauth-ban-seconds = 60");
  EXPECT_EQ(diff(load(kBase), load(guarded)).needs_restart, (Names{"auth-fail"}));
  EXPECT_EQ(d.globals_changed, Names{"max-calls"});
}

}  // namespace
}  // namespace ctib::config
