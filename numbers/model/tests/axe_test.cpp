#include "numbers/model/axe.hpp"

#include <gtest/gtest.h>

namespace ctib::numbers::model {
namespace {

TEST(AxeVariable, NamesEachRoundAndReadsItBack) {
  for (std::int64_t round = 1; round <= kMaxDigitRounds; ++round) {
    EXPECT_EQ(extension_round(extension_variable(round)), round);
  }
  EXPECT_EQ(extension_variable(1), "ctib_extension_1");
}

TEST(AxeVariable, RefusesNamesItNeverGives) {
  for (const char* name : {"ctib_extension_", "ctib_extension_0", "ctib_extension_6", "ctib_extension_01",
                           "ctib_extension_1x", "ctib_digits", "CTIB_EXTENSION_1", "xctib_extension_1", ""}) {
    EXPECT_FALSE(extension_round(name)) << name;
  }
}

}  // namespace
}  // namespace ctib::numbers::model
