#include "libs/base/text.hpp"

#include <gtest/gtest.h>

#include "libs/base/expected.hpp"

namespace ctib::base {
namespace {

TEST(Text, IsTrueFollowsSwitchTrue) {
  for (const char* yes : {"yes", "ON", "True", "t", "enabled", "active", "allow", "1", "42", "-1"}) {
    EXPECT_TRUE(is_true(yes)) << yes;
  }
  for (const char* no : {"", "no", "false", "0", "off", "truee", "x1"}) {
    EXPECT_FALSE(is_true(no)) << no;
  }
}

TEST(Text, ParseIntIsStrict) {
  EXPECT_EQ(parse_int("3000"), 3000);
  EXPECT_EQ(parse_int("-5"), -5);
  EXPECT_FALSE(parse_int(""));
  EXPECT_FALSE(parse_int("12a"));
  EXPECT_FALSE(parse_int(" 12"));
  EXPECT_FALSE(parse_int("99999999999999999999999"));
}

TEST(Text, TrimAndCase) {
  EXPECT_EQ(trim("  a b \t"), "a b");
  EXPECT_TRUE(iequals("User_Busy", "USER_BUSY"));
  EXPECT_FALSE(iequals("USER_BUSY", "USER_BUS"));
  EXPECT_EQ(to_upper("abc_1"), "ABC_1");
}

TEST(Expected, HoldsValueOrError) {
  Expected<int, std::string> ok = 5;
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 5);
  Expected<int, std::string> bad = unexpected(std::string("no"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "no");
}

}  // namespace
}  // namespace ctib::base
