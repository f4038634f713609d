#include "numbers/model/time_text.hpp"

#include <gtest/gtest.h>

namespace ctib::numbers::model {
namespace {

TEST(Rfc3339Time, RoundTripsUtc) {
  const auto t = parse_time("2024-05-01T08:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(to_epoch(*t), 1714550400);
  EXPECT_EQ(format_time(*t), "2024-05-01T08:00:00Z");
}

TEST(Rfc3339Time, AppliesOffsetsAndIgnoresFractions) {
  EXPECT_EQ(parse_time("2024-05-01T16:00:00+08:00"), parse_time("2024-05-01T08:00:00Z"));
  EXPECT_EQ(parse_time("2024-05-01T08:00:00.123Z"), parse_time("2024-05-01T08:00:00Z"));
}

TEST(Rfc3339Time, RejectsMalformed) {
  for (const char* bad : {"", "2024-05-01", "2024-05-01T08:00:00", "2024-02-30T08:00:00Z", "2024-05-01T25:00:00Z",
                          "2024-05-01T08:00:00+8", "2024-05-01 08:00:00Z", "2024-05-01T08:00:00Zjunk"}) {
    EXPECT_FALSE(parse_time(bad)) << bad;
  }
}

}  // namespace
}  // namespace ctib::numbers::model
