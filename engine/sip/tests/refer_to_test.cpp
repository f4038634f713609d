// Refer-To / Referred-By parsing: untrusted text into typed values.
#include "engine/sip/refer_to.hpp"

#include <gtest/gtest.h>

namespace ctib::sip {
namespace {

TEST(ReferTo, NameAddrWithParameters) {
  auto r = parse_refer_to(" \"Bob\" <sip:1002@127.0.0.1:5070;transport=tcp>;x=1 ");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->uri, "sip:1002@127.0.0.1:5070;transport=tcp");
  EXPECT_EQ(r->user, "1002");
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 5070);
  EXPECT_FALSE(r->sips);
  EXPECT_FALSE(r->replaces);
}

TEST(ReferTo, AddrSpecEndsAtTheFirstSemicolon) {
  auto r = parse_refer_to("SIP:1003@example.com;method=INVITE");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->uri, "SIP:1003@example.com");
  EXPECT_EQ(r->user, "1003");
  EXPECT_FALSE(r->port.has_value());
}

TEST(ReferTo, ReplacesMakesItAttendedAndHeadersLeaveTheUri) {
  auto r = parse_refer_to("<sips:%31002@[2001:db8::1]:5061?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>");
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(r->replaces);
  EXPECT_TRUE(r->sips);
  EXPECT_EQ(r->user, "1002");  // %31 is "1"
  EXPECT_EQ(r->host, "[2001:db8::1]");
  EXPECT_EQ(r->port, 5061);
  EXPECT_EQ(r->uri, "sips:%31002@[2001:db8::1]:5061");
  auto other = parse_refer_to("<sip:1@h?Subject=x&replaces=y>");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->replaces);
  auto none = parse_refer_to("<sip:1@h?Subject=x>");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->replaces);
}

TEST(ReferTo, HostOnly) {
  auto r = parse_refer_to("<sip:gateway.example.com>");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->user, "");
  EXPECT_EQ(r->host, "gateway.example.com");
}

TEST(ReferTo, RefusesWhatIsNotASipTarget) {
  for (const char* bad : {"",
                          "   ",
                          "<tel:+123>",
                          "http://x",
                          "<sip:1@>",
                          "<sip:1@h:0>",
                          "<sip:1@h:65536>",
                          "<sip:1@h:5x>",
                          "<sip:1%0a@h>",
                          "<sip:1%4@h>",
                          "<sip:1 2@h>",
                          "<sip:@h>",
                          "<sip:1@h",
                          "<sip:1@h> junk",
                          "sip:1@h?Replaces=x",
                          "<sip:1@bad_host>",
                          "<sip:1@[::1>",
                          "\"unterminated <sip:1@h>",
                          "a\"b <sip:1@h>",
                          "<sip:1@h;p=<x>>"}) {
    EXPECT_FALSE(parse_refer_to(bad)) << bad;
  }
  EXPECT_FALSE(parse_refer_to("<sip:" + std::string(2000, 'a') + "@h>"));
}

TEST(ReferredBy, PrintableTextOnly) {
  EXPECT_EQ(parse_referred_by(" <sip:1001@example.com> "), "<sip:1001@example.com>");
  EXPECT_FALSE(parse_referred_by(""));
  EXPECT_FALSE(parse_referred_by("a\r\nX-Evil: 1"));
  EXPECT_FALSE(parse_referred_by(std::string(600, 'a')));
}

}  // namespace
}  // namespace ctib::sip
