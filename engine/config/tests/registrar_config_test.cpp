// The registrar keys: users, ACLs, profile policy and gateway registration.

#include <gtest/gtest.h>

#include "engine/config/load.hpp"

namespace ctib::config {
namespace {

constexpr const char* kConfig = R"(
[engine]
domain = "example.com"
[profiles.internal]
auth-calls = true
register-min-expires = 30
register-max-expires = 600
[profiles.external]
sip-port = 5080
apply-inbound-acl = ["trunks", "gateways"]
[acls.trunks]
allow = ["192.0.2.0/24", "2001:db8::/32"]
deny = ["192.0.2.128/25"]
[users.1000]
password = "secret"
[users.1000.variables]
origination_caller_id_number = "8001"
[users."2000@other.example"]
a1-hash = "8d6cc8e51b675d41542327c6a1837cdb"
cti_bridge = "http://127.0.0.1:9000/vip 1000 1000 0"
[gateways.carrier]
proxy = "192.0.2.1"
register = true
username = "acct"
password = "pw"
expire-seconds = 120
ping = 10
ping-min = 2
ping-max = 3
)";

TEST(RegistrarConfig, ReadsUsersAclsAndGateways) {
  auto cfg = load_string(kConfig, "r.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  const ProfileConfig* internal = cfg->profile("internal");
  EXPECT_TRUE(internal->auth_calls);
  EXPECT_EQ(internal->register_domain, "example.com");
  EXPECT_EQ(internal->register_min_expires, 30u);
  EXPECT_EQ(cfg->profile("external")->inbound_acls, (std::vector<std::string>{"trunks", "gateways"}));
  const AclConfig* acl = cfg->acl("trunks");
  ASSERT_NE(acl, nullptr);
  ASSERT_EQ(acl->allow.size(), 2u);
  EXPECT_TRUE(acl->allow[1].v6);
  EXPECT_EQ(acl->deny[0].prefix, 25);
  ASSERT_EQ(cfg->users.size(), 2u);
  EXPECT_EQ(cfg->users[0].id, "1000");
  EXPECT_EQ(cfg->users[0].domain, "example.com");
  EXPECT_EQ(cfg->users[0].variables.get("origination_caller_id_number"), "8001");
  EXPECT_EQ(cfg->users[1].domain, "other.example");
  ASSERT_TRUE(cfg->users[1].route);
  EXPECT_EQ(cfg->users[1].route->url, "http://127.0.0.1:9000/vip");
  const GatewayConfig* gw = cfg->gateway("carrier");
  EXPECT_TRUE(gw->register_);
  EXPECT_EQ(gw->auth_username, "acct");
  EXPECT_EQ(gw->extension, "acct");
  EXPECT_EQ(gw->expire_seconds, 120u);
  EXPECT_EQ(gw->ping, 10u);
  EXPECT_EQ(gw->ping_min, 2u);
}

struct Bad {
  const char* toml;
  const char* key;
  int line;
  const char* words;
};

class RegistrarConfigErrors : public ::testing::TestWithParam<Bad> {};

TEST_P(RegistrarConfigErrors, NameTheKeyAndLine) {
  const Bad& c = GetParam();
  auto cfg = load_string(c.toml, "bad.toml");
  ASSERT_FALSE(cfg) << c.toml;
  EXPECT_EQ(cfg.error().key, c.key) << cfg.error().to_string();
  EXPECT_EQ(cfg.error().line, c.line) << cfg.error().to_string();
  EXPECT_NE(cfg.error().to_string().find(c.words), std::string::npos) << cfg.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    All, RegistrarConfigErrors,
    ::testing::Values(
        Bad{"[profiles.a]\n[acls.t]\nallow = [\"10.0.0.0/33\"]\n", "acls.t.allow", 3, "not an address or CIDR"},
        Bad{"[profiles.a]\n[acls.t]\nallw = []\n", "acls.t.allw", 3, "unknown key"},
        Bad{"[profiles.a]\napply-inbound-acl = [\"nope\"]\n", "profiles.a.apply-inbound-acl", 0, "no acl named"},
        Bad{"[profiles.a]\n[users.1000]\n", "users.1000.password", 2, "either password or a1-hash"},
        Bad{"[profiles.a]\n[users.1000]\na1-hash = \"xyz\"\n", "users.1000.a1-hash", 3, "32 lower-case hex"},
        Bad{"[profiles.a]\n[users.1000]\npassword = \"p\"\npasword = \"q\"\n", "users.1000.pasword", 4,
            "unknown key"},
        Bad{"[profiles.a]\n[users.\"a b\"]\npassword = \"p\"\n", "users.a b", 2, "a user is"},
        Bad{"[profiles.external]\n[gateways.g]\nproxy = \"h\"\nping = 3\n", "gateways.g.ping", 4, "at least 5"},
        Bad{"[profiles.external]\n[gateways.g]\nproxy = \"h\"\nexpire-seconds = 2\n", "gateways.g.expire-seconds", 4,
            "outside 5-"},
        Bad{"[profiles.a]\nregister-min-expires = 100\nregister-max-expires = 50\n", "profiles.a.register-max-expires",
            3, "below register-min-expires"},
        // TLS needs its certificates (FreeSWITCH's tls-cert-dir) and a port of its own.
        Bad{"[profiles.a]\ntls = true\n", "profiles.a.tls-cert-dir", 1, "required with tls = true"},
        Bad{"[profiles.a]\ntls = true\ntls-cert-dir = \"/nonexistent-ctib\"\n", "profiles.a.tls-cert-dir", 3,
            "has no agent.pem"}));

}  // namespace
}  // namespace ctib::config

namespace ctib::config {
namespace {

// Decision 0014: the gateway a user/ target without a local registration
// goes through must exist.
TEST(RegistrarConfig, UserResolverGatewayMustNameAGateway) {
  auto ok = load_string(
      "[engine]\nuser-resolver-gateway = \"front\"\n[profiles.internal]\n"
      "[gateways.front]\nprofile = \"internal\"\nproxy = \"192.0.2.50\"\n",
      "t.toml");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->user_resolver_gateway, "front");
  auto bad = load_string("[engine]\nuser-resolver-gateway = \"nope\"\n[profiles.internal]\n", "t.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().key, "engine.user-resolver-gateway");
}

}  // namespace
}  // namespace ctib::config
