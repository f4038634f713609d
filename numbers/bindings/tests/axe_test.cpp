// AXE rules without the database: extension format and allocation, what a
// valid AXE bind is, and the routing decisions of both rounds.
#include <gtest/gtest.h>

#include <set>

#include "numbers/bindings/extension.hpp"
#include "numbers/bindings/rules.hpp"

namespace ctib::numbers::bindings {
namespace {

using namespace std::chrono_literals;
using model::Direction;
using model::Mode;

const model::Instant kNow = model::from_epoch(1'700'000'000);
constexpr const char* kA = "+8613800000001";
constexpr const char* kN = "+8613700000001";
constexpr const char* kX = "+8617100000001";

model::Binding axe(std::string extension, std::string a = kA) {
  model::Binding b;
  b.id = "bnd_" + extension;
  b.mode = Mode::axe;
  b.a = std::move(a);
  b.x = kX;
  b.extension = std::move(extension);
  b.expires_at = kNow + 3600s;
  b.record = true;
  return b;
}

TEST(AxeExtension, FormatIsOneToEightDigits) {
  EXPECT_TRUE(valid_extension("0"));
  EXPECT_TRUE(valid_extension("00420042"));
  EXPECT_FALSE(valid_extension(""));
  EXPECT_FALSE(valid_extension("123456789"));
  EXPECT_FALSE(valid_extension("12a4"));
  EXPECT_FALSE(valid_extension("+123"));
  EXPECT_FALSE(valid_extension("12 4"));
}

TEST(AxeExtension, LengthFollowsTheExtensionsAlreadyOnX) {
  EXPECT_EQ(extension_length({}, 4), 4u);
  EXPECT_EQ(extension_length({"123"}, 4), 3u);
}

TEST(AxeExtension, GivenOneIsTakenOnlyWhenFreeAndOfXsLength) {
  std::mt19937_64 random(1);
  EXPECT_EQ(choose_extension("0042", {"1111"}, 4, random).value(), "0042");
  const auto taken = choose_extension("1111", {"1111"}, 4, random);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().kind, model::Failure::Kind::conflict);
  EXPECT_EQ(taken.error().field, "extension");
  const auto longer = choose_extension("12345", {"1111"}, 4, random);
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().field, "extension");
}

TEST(AxeExtension, RandomOnesAreFreeOfTheLengthAndSpread) {
  std::mt19937_64 random(7);
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto e = choose_extension("", {"0000", "9999"}, 4, random);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->size(), 4u);
    EXPECT_TRUE(valid_extension(*e));
    EXPECT_NE(*e, "0000");
    EXPECT_NE(*e, "9999");
    seen.insert(*e);
  }
  EXPECT_GT(seen.size(), 150u);  // random, not sequential from 0001
}

TEST(AxeExtension, ANearlyFullXStillFindsItsLastFreeExtensionAndAFullOneIsExhausted) {
  std::mt19937_64 random(3);
  std::vector<std::string> taken;
  for (int i = 0; i < 100; ++i) {
    if (i != 57) taken.push_back((i < 10 ? "0" : "") + std::to_string(i));
  }
  EXPECT_EQ(choose_extension("", taken, 2, random).value(), "57");
  taken.push_back("57");
  const auto full = choose_extension("", taken, 2, random);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().kind, model::Failure::Kind::exhausted);
}

TEST(AxeRules, ValidBindHasNoBNoRestrictionAndAnExtensionOnlyForAxe) {
  BindRequest r;
  r.mode = Mode::axe;
  r.a = kA;
  r.expires_at = kNow + 3600s;
  EXPECT_FALSE(validate(r, kNow));
  r.extension = "0042";
  EXPECT_FALSE(validate(r, kNow));
  r.extension = "42x";
  EXPECT_EQ(validate(r, kNow)->field, "extension");
  r.extension = "";
  r.b = "+8613900000001";
  EXPECT_EQ(validate(r, kNow)->field, "b");
  r.b = "";
  r.restriction = model::Restriction::b_to_x_barred;
  EXPECT_EQ(validate(r, kNow)->field, "call_restrict");
  BindRequest axb;
  axb.mode = Mode::axb;
  axb.a = kA;
  axb.b = "+8613900000001";
  axb.extension = "1";
  axb.expires_at = kNow + 3600s;
  EXPECT_EQ(validate(axb, kNow)->field, "extension");
  // An update cannot give an AXE binding a B or a barred direction.
  UpdateRequest with_b;
  with_b.b = kN;
  EXPECT_EQ(validate(axe("1"), with_b, kNow)->field, "b");
  UpdateRequest barred;
  barred.restriction = model::Restriction::a_to_x_barred;
  EXPECT_EQ(validate(axe("1"), barred, kNow)->field, "call_restrict");
}

TEST(AxeRules, FirstRequestOnAnAxeXAsksEveryCallerForAnExtension) {
  for (const char* caller : {kN, kA}) {
    const auto d = decide({axe("0042"), axe("1234", "+8613800000002")}, caller, kX, "gw1");
    EXPECT_FALSE(d.dial) << caller;
    ASSERT_TRUE(d.collect) << caller;
    EXPECT_EQ(d.collect->length, 4u);
    EXPECT_FALSE(d.binding);  // no binding yet: nobody was reached
  }
}

TEST(AxeRules, RightExtensionDialsItsAShowingXAndAWrongOneAsksAgain) {
  const auto d = decide_extension(axe("0042"), kN, kX, "gw1", "0042", 4);
  ASSERT_TRUE(d.dial);
  EXPECT_EQ(d.dial->callee, kA);
  EXPECT_EQ(d.dial->caller_id, kX);
  EXPECT_EQ(d.dial->gateway, "gw1");
  EXPECT_TRUE(d.dial->record);
  EXPECT_EQ(d.direction, Direction::peer_to_a);
  EXPECT_EQ(d.peer, kN);
  EXPECT_EQ(d.extension, "0042");
  ASSERT_TRUE(d.binding);
  EXPECT_TRUE(shows_middle_number(*d.binding, d.dial->caller_id));

  const auto wrong = decide_extension(std::nullopt, kN, kX, "gw1", "9999", 4);
  EXPECT_FALSE(wrong.dial);
  ASSERT_TRUE(wrong.collect);
  EXPECT_EQ(wrong.collect->length, 4u);
  EXPECT_FALSE(decide_extension(std::nullopt, kN, kX, "gw1", "", 4).dial);
  // A binding that is not the one entered (or not on this X) reaches nobody.
  EXPECT_FALSE(decide_extension(axe("0042"), kN, kX, "gw1", "0043", 4).dial);
  EXPECT_FALSE(decide_extension(axe("0042"), kN, "+8617100000009", "gw1", "0042", 4).dial);
}

}  // namespace
}  // namespace ctib::numbers::bindings
