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
  EXPECT_EQ(format_number("+861095013001", DialFormat::e164, plan), "+861095013001");
}

// The carrier of a Chinese trunk dials fixed lines with the trunk prefix
// and the area code; without the "0", 1095013001 is no number at all.
TEST(PhoneNumber, NationalKeepsTheTrunkPrefixOfFixedLines) {
  const NumberPlan plan;
  const auto national = [&plan](std::string_view raw) {
    return format_number(*normalise_number(raw, plan), DialFormat::national, plan);
  };
  EXPECT_EQ(national("01095013001"), "01095013001");    // Beijing, 2-digit area code
  EXPECT_EQ(national("+86 10 9501 3001"), "01095013001");
  EXPECT_EQ(national("02087654321"), "02087654321");    // Guangzhou, 2-digit
  EXPECT_EQ(national("075512345678"), "075512345678");  // Shenzhen, 3-digit, 8-digit subscriber
  EXPECT_EQ(national("+86 571 8765432"), "05718765432"); // Hangzhou, 3-digit, 7-digit subscriber
  EXPECT_EQ(national("13800138000"), "13800138000");    // mobiles have no trunk prefix
  EXPECT_EQ(national("+8617100000001"), "17100000001");
  EXPECT_EQ(national("008619912345678"), "19912345678");
  EXPECT_EQ(national("4001234567"), "4001234567");      // non-geographic
  EXPECT_EQ(national("+14155550100"), "+14155550100");  // other countries stay E.164
  EXPECT_EQ(national("+442071234567"), "+442071234567");
}

TEST(PhoneNumber, NationalOfAnotherHomePlanUsesTheTrunkPrefix) {
  const NumberPlan uk{.country_code = "44", .national_max_length = 10};
  EXPECT_EQ(format_number("+442071234567", DialFormat::national, uk), "02071234567");
  EXPECT_EQ(format_number("+447700900123", DialFormat::national, uk), "07700900123");
  EXPECT_EQ(format_number("+8613800138000", DialFormat::national, uk), "+8613800138000");
}

TEST(PhoneNumber, AsImportedShowsTheImportedTextAndFallsBackToNational) {
  const NumberPlan plan;
  EXPECT_EQ(format_number("+861095013001", DialFormat::as_imported, plan, "+86 10 9501 3001"), "+86 10 9501 3001");
  EXPECT_EQ(format_number("+861095013001", DialFormat::as_imported, plan, "1095013001"), "1095013001");
  EXPECT_EQ(format_number("+861095013001", DialFormat::as_imported, plan), "01095013001");
  EXPECT_EQ(format_number("+14155550100", DialFormat::as_imported, plan), "+14155550100");
}

TEST(PhoneNumber, ParsesDialFormatNames) {
  EXPECT_EQ(parse_dial_format("e164"), DialFormat::e164);
  EXPECT_EQ(parse_dial_format("digits"), DialFormat::digits);
  EXPECT_EQ(parse_dial_format("national"), DialFormat::national);
  EXPECT_EQ(parse_dial_format("as-imported"), DialFormat::as_imported);
  EXPECT_FALSE(parse_dial_format("as_imported"));
  EXPECT_FALSE(parse_dial_format("National"));
}

}  // namespace
}  // namespace ctib::numbers::model
