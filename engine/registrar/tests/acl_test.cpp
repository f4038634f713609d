#include "engine/registrar/acl.hpp"

#include <gtest/gtest.h>

namespace ctib::registrar {
namespace {

config::Cidr cidr(const char* text) {
  auto c = config::parse_cidr(text);
  EXPECT_TRUE(c) << text;
  return *c;
}

TEST(Acl, ParsesCidrs) {
  EXPECT_TRUE(config::parse_cidr("10.0.0.0/8"));
  EXPECT_TRUE(config::parse_cidr("192.0.2.7"));
  EXPECT_TRUE(config::parse_cidr("2001:db8::/32"));
  EXPECT_FALSE(config::parse_cidr("10.0.0.0/33"));
  EXPECT_FALSE(config::parse_cidr("10.0.0/8"));
  EXPECT_FALSE(config::parse_cidr("example.com"));
  EXPECT_FALSE(config::parse_cidr("10.0.0.0/x"));
}

TEST(Acl, Contains) {
  EXPECT_TRUE(contains(cidr("10.0.0.0/8"), "10.1.2.3"));
  EXPECT_FALSE(contains(cidr("10.0.0.0/8"), "11.0.0.1"));
  EXPECT_TRUE(contains(cidr("192.0.2.0/25"), "192.0.2.127"));
  EXPECT_FALSE(contains(cidr("192.0.2.0/25"), "192.0.2.128"));
  EXPECT_TRUE(contains(cidr("0.0.0.0/0"), "8.8.8.8"));
  EXPECT_TRUE(contains(cidr("2001:db8::/32"), "2001:db8:1::5"));
  EXPECT_FALSE(contains(cidr("2001:db8::/32"), "10.0.0.1"));
  EXPECT_TRUE(contains(cidr("127.0.0.1"), "::ffff:127.0.0.1"));  // mapped v4
  EXPECT_FALSE(contains(cidr("127.0.0.1"), "not-an-ip"));
}

TEST(Acl, MostSpecificWinsDenyOnTie) {
  config::AclConfig c;
  c.name = "trunks";
  c.allow = {cidr("10.0.0.0/8"), cidr("192.0.2.5")};
  c.deny = {cidr("10.9.0.0/16"), cidr("192.0.2.5/32")};
  Acl acl(c);
  EXPECT_TRUE(acl.allows("10.1.1.1"));
  EXPECT_FALSE(acl.allows("10.9.1.1"));
  EXPECT_FALSE(acl.allows("192.0.2.5"));  // allow and deny /32: deny wins
  EXPECT_FALSE(acl.allows("172.16.0.1"));  // default deny
  c.default_allow = true;
  EXPECT_TRUE(Acl(c).allows("172.16.0.1"));
}

}  // namespace
}  // namespace ctib::registrar
