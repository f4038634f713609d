#include "libs/metrics/text_format.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace ctib::metrics::text {
namespace {

TEST(TextFormat, LabelValuesEscapeBackslashQuoteAndNewline) {
  std::string out;
  append_label_value(out, "a\\b\"c\nd");
  EXPECT_EQ(out, "a\\\\b\\\"c\\nd");
}

TEST(TextFormat, HelpEscapesBackslashAndNewlineButNotQuotes) {
  std::string out;
  append_help(out, "say \"hi\"\\\n");
  EXPECT_EQ(out, "say \"hi\"\\\\\\n");
}

TEST(TextFormat, NumbersAreShortestAndSpecialValuesAsPrometheusSpellsThem) {
  const auto number = [](double v) {
    std::string out;
    append_number(out, v);
    return out;
  };
  EXPECT_EQ(number(0), "0");
  EXPECT_EQ(number(42), "42");
  EXPECT_EQ(number(0.005), "0.005");
  EXPECT_EQ(number(-1.5), "-1.5");
  EXPECT_EQ(number(1e21), "1e+21");
  EXPECT_EQ(number(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(number(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(number(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(TextFormat, LabelsInNameOrderWithTheExtraLast) {
  std::string out;
  append_labels(out, {"a", "b"}, {"1", "2"}, "le", "0.5");
  EXPECT_EQ(out, "{a=\"1\",b=\"2\",le=\"0.5\"}");
  out.clear();
  append_labels(out, {}, {});
  EXPECT_EQ(out, "");
  append_labels(out, {}, {}, "le", "+Inf");
  EXPECT_EQ(out, "{le=\"+Inf\"}");
}

TEST(TextFormat, Names) {
  EXPECT_TRUE(valid_metric_name("ctib_engine_calls_total"));
  EXPECT_TRUE(valid_metric_name("job:rate5m"));
  EXPECT_FALSE(valid_metric_name("9lives"));
  EXPECT_FALSE(valid_metric_name("with-dash"));
  EXPECT_FALSE(valid_metric_name(""));
  EXPECT_TRUE(valid_label_name("hangup_cause"));
  EXPECT_FALSE(valid_label_name("a:b"));
  EXPECT_FALSE(valid_label_name("__reserved"));
}

}  // namespace
}  // namespace ctib::metrics::text
