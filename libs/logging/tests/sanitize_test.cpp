#include "libs/logging/sanitize.hpp"

#include <gtest/gtest.h>

#include "libs/logging/settings.hpp"

namespace ctib::logging {
namespace {

TEST(Escape, ControlBytesBecomeHex) {
  EXPECT_EQ(escape("a\x1b[31mb"), "a\\x1b[31mb");
  EXPECT_EQ(escape("line1\r\nline2"), "line1\\x0d\\x0aline2");
  EXPECT_EQ(escape(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(escape("del\x7f"), "del\\x7f");
  EXPECT_EQ(escape("tab\t"), "tab\\x09");
}

TEST(Escape, ValidUtf8PassesInvalidBecomesHex) {
  EXPECT_EQ(escape("caf\xc3\xa9 \xe4\xb8\xad"), "caf\xc3\xa9 \xe4\xb8\xad");
  EXPECT_EQ(escape("bad \xff\xfe end"), "bad \\xff\\xfe end");
  EXPECT_EQ(escape("truncated \xe4\xb8"), "truncated \\xe4\\xb8");
  EXPECT_EQ(escape("overlong \xc0\xaf"), "overlong \\xc0\\xaf");
  EXPECT_EQ(escape("surrogate \xed\xa0\x80"), "surrogate \\xed\\xa0\\x80");
  // C1 CSI and the Unicode line separator are controls too.
  EXPECT_EQ(escape("csi \xc2\x9b"), "csi \\xc2\\x9b");
  EXPECT_EQ(escape("ls \xe2\x80\xa8"), "ls \\xe2\\x80\\xa8");
}

TEST(Escape, IsIdempotent) {
  const std::string once = escape("x\x1b\xff\n");
  EXPECT_EQ(escape(once), once);
}

TEST(MaskNumber, KeepsFirstThreeAndLastFour) {
  EXPECT_EQ(mask_number("13800138077"), "138****8077");
  EXPECT_EQ(mask_number("+8613800138077"), "+861****8077");
  EXPECT_EQ(mask_number("1234567"), "12****67");
  EXPECT_EQ(mask_number("95000"), "****");
  EXPECT_EQ(mask_number(""), "");
  EXPECT_EQ(mask_number("alice"), "alice");
}

TEST(MaskNumbersIn, MasksPhoneNumbersNotIdentifiers) {
  EXPECT_EQ(mask_numbers_in("INVITE from 13800138077 -> 17100000077."), "INVITE from 138****8077 -> 171****0077.");
  EXPECT_EQ(mask_numbers_in("sip:13800138077@127.0.0.1:5060"), "sip:138****8077@127.0.0.1:5060");
  EXPECT_EQ(mask_numbers_in("{x=13800138077}sofia/gateway/gw/+8613900000000"),
            "{x=138****8077}sofia/gateway/gw/+861****0000");
  EXPECT_EQ(mask_numbers_in("a=%2B8613800138077&b=1"), "a=%2B861****8077&b=1");
  // uuid groups, hex ids and short numbers stay.
  EXPECT_EQ(mask_numbers_in("5f0e8400-e29b-41d4-a716-446655440000"), "5f0e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(mask_numbers_in("call-id a1234567890b port 5060 id 123456"), "call-id a1234567890b port 5060 id 123456");
}

TEST(RedactUrl, RedactsConfiguredQueryValues) {
  const auto names = default_redact_query_names();
  EXPECT_EQ(redact_url("http://h:1/route?secret=hunter2&uuid=u1", names), "http://h:1/route?secret=***&uuid=u1");
  EXPECT_EQ(redact_url("routing via http://h/r?a=1&Token=abc#f failed", names),
            "routing via http://h/r?a=1&Token=***#f failed");
  EXPECT_EQ(redact_url("x ?api_key=k1 y ?apikey=k2&sign=s", names), "x ?api_key=*** y ?apikey=***&sign=***");
  EXPECT_EQ(redact_url("http://h/r?secretive=1&keys=2", names), "http://h/r?secretive=1&keys=2");
  EXPECT_EQ(redact_url("http://user:pw@host:80/p?x=1", names), "http://user:***@host:80/p?x=1");
  EXPECT_EQ(redact_url("http://host/p", names), "http://host/p");
}

TEST(RedactUrl, NamesAreConfigurable) {
  const std::vector<std::string> names{"pin"};
  EXPECT_EQ(redact_url("http://h/r?secret=s&PIN=1234", names), "http://h/r?secret=s&PIN=***");
}

}  // namespace
}  // namespace ctib::logging
