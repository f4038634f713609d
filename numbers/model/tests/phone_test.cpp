#include "numbers/model/phone.hpp"

#include <gtest/gtest.h>

namespace ctib::numbers::model {
namespace {

std::string norm(std::string_view raw) {
  auto r = normalise_number(raw, NumberPlan{});
  return r ? *r : "ERR:" + r.error();
}

TEST(PhoneNumber, AllSpellingsOfOneNumberAreEqual) {
  EXPECT_EQ(norm("13800138000"), "+8613800138000");
  EXPECT_EQ(norm("+86 138-0013-8000"), "+8613800138000");
  EXPECT_EQ(norm("008613800138000"), "+8613800138000");
  EXPECT_EQ(norm("8613800138000"), "+8613800138000");
  EXPECT_EQ(norm("01012345678"), "+861012345678");
  EXPECT_EQ(norm("+14155550100"), "+14155550100");
}

TEST(PhoneNumber, RejectsWhatIsNotANumber) {
  EXPECT_TRUE(norm("").starts_with("ERR:"));
  EXPECT_TRUE(norm("abc").starts_with("ERR:"));
  EXPECT_TRUE(norm("12+3").starts_with("ERR:"));
  EXPECT_TRUE(norm("+1234").starts_with("ERR:"));
  EXPECT_TRUE(norm("+1234567890123456").starts_with("ERR:"));
  EXPECT_TRUE(norm("+0123456789").starts_with("ERR:"));
}

TEST(PhoneNumber, FormatsForDialling) {
  const NumberPlan plan;
  EXPECT_EQ(format_number("+8613800138000", DialFormat::e164, plan), "+8613800138000");
  EXPECT_EQ(format_number("+8613800138000", DialFormat::digits, plan), "8613800138000");
  EXPECT_EQ(format_number("+8613800138000", DialFormat::national, plan), "13800138000");
  EXPECT_EQ(format_number("+14155550100", DialFormat::national, plan), "0014155550100");
}

}  // namespace
}  // namespace ctib::numbers::model
