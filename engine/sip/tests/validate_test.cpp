// Unit tests of the edge validation (no network).

#include <gtest/gtest.h>

#include "engine/sip/internal/nua.hpp"

namespace ctib::sip::detail {
namespace {

TEST(SipValidate, AcceptsOrdinaryUris) {
  for (const char* uri : {"sip:1000@127.0.0.1", "sip:1000@127.0.0.1:5060", "sips:bob@example.com",
                          "sip:+4930123@gw.example.com;user=phone", "sip:example.com", "sip:a%20b@[::1]:5070",
                          "sip:1000@127.0.0.1:5080;transport=tcp"}) {
    EXPECT_FALSE(check_uri(uri).has_value()) << uri;
  }
}

TEST(SipValidate, FormatsNameAddrWithEscaping) {
  auto a = format_name_addr(NameAddr{"Al \"x\"", "a b", "example.com:5060"});
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(*a, "\"Al \\\"x\\\"\" <sip:a%20b@example.com:5060>");
  auto no_user = format_name_addr(NameAddr{"", "", "example.com"});
  ASSERT_TRUE(no_user.has_value());
  EXPECT_EQ(*no_user, "<sip:example.com>");
  EXPECT_FALSE(format_name_addr(NameAddr{"", "x", ""}).has_value());
}

TEST(SipValidate, HeadersAndReasons) {
  EXPECT_FALSE(check_headers({{"X-Ok", "a b c"}}).has_value());
  EXPECT_TRUE(check_headers({{"X-Bad", "a\nb"}}).has_value());
  EXPECT_TRUE(check_headers({{"", "v"}}).has_value());
  EXPECT_TRUE(check_headers({{"X:Y", "v"}}).has_value());
  EXPECT_EQ(encode_headers({{"X-A", "1"}, {"X-B", "2"}}), "X-A: 1\r\nX-B: 2");
  EXPECT_FALSE(check_reason("Q.850;cause=16;text=\"NORMAL_CLEARING\"").has_value());
  EXPECT_TRUE(check_reason("").has_value());
  EXPECT_TRUE(check_reason("Q.850\r\nVia: x").has_value());
  EXPECT_TRUE(check_status(99, 101, 699).has_value());
  EXPECT_FALSE(check_status(486, 101, 699).has_value());
}

}  // namespace
}  // namespace ctib::sip::detail
