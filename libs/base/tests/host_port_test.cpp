#include "libs/base/host_port.hpp"

#include <gtest/gtest.h>

namespace ctib::base {
namespace {

TEST(HostPortTest, ReadsHostAndPort) {
  const auto a = parse_host_port("127.0.0.1:8021");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8021);
  const auto named = parse_host_port("admin.example.com:0");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->host, "admin.example.com");
  EXPECT_EQ(named->port, 0);
}

TEST(HostPortTest, IPv6IsInBracketsAndComesOutWithout) {
  const auto a = parse_host_port("[::1]:8022");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 8022);
  EXPECT_EQ(url_host(a->host), "[::1]");
  EXPECT_EQ(url_host("10.0.0.1"), "10.0.0.1");
  EXPECT_FALSE(parse_host_port("::1:8022"));  // which colon is the port's?
  EXPECT_FALSE(parse_host_port("[::1]8022"));
  EXPECT_FALSE(parse_host_port("[]:8022"));
  EXPECT_FALSE(parse_host_port("[::1:8022"));
  EXPECT_FALSE(parse_host_port("[[::1]:8022"));
  EXPECT_FALSE(parse_host_port("a]:8022"));
}

TEST(HostPortTest, AnEmptyHostIsTheCallersToRefuse) {
  const auto a = parse_host_port(":8022");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "");
}

TEST(HostPortTest, ThePortIsDigitsOnlyAndAtMost65535) {
  EXPECT_TRUE(parse_host_port("h:65535"));
  for (const char* bad : {"h:65536", "h:-1", "h:+80", "h:", "h", "h:80x", "h: 80", "h:0x50", "h:99999999999999999999"})
    EXPECT_FALSE(parse_host_port(bad)) << bad;
}

}  // namespace
}  // namespace ctib::base
