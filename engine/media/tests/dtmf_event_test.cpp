#include "engine/media/dtmf_event.hpp"

#include <gtest/gtest.h>

namespace ctib::media {
namespace {

TEST(DtmfEvent, RtpengineLogLine) {
  // As rtpengine 10.5 sends it (seen from the Debian package).
  const auto e = parse_dtmf_event(
      R"({"callid":"c1","source_tag":"a","tags":["a","b"],"type":"DTMF","timestamp":1796318543,)"
      R"("source_ip":"127.0.0.1","event":5,"duration":80,"volume":10})");
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, (DtmfEvent{"c1", "a", '5'}));
}

TEST(DtmfEvent, EventCodesToDigits) {
  auto digit = [](int code) {
    auto e = parse_dtmf_event(R"({"callid":"c","source_tag":"a","event":)" + std::to_string(code) + "}");
    return e ? e->digit : '?';
  };
  EXPECT_EQ(digit(0), '0');
  EXPECT_EQ(digit(9), '9');
  EXPECT_EQ(digit(10), '*');
  EXPECT_EQ(digit(11), '#');
  EXPECT_EQ(digit(15), 'D');
  EXPECT_EQ(digit(16), '?');  // flash: not a digit
}

TEST(DtmfEvent, GarbageIsNothing) {
  EXPECT_FALSE(parse_dtmf_event(""));
  EXPECT_FALSE(parse_dtmf_event("{"));
  EXPECT_FALSE(parse_dtmf_event(R"({"callid":"","source_tag":"a","event":1})"));
  EXPECT_FALSE(parse_dtmf_event(R"({"callid":"c","event":1})"));
  EXPECT_FALSE(parse_dtmf_event(R"({"callid":"c","source_tag":"a","event":-1})"));
  EXPECT_FALSE(parse_dtmf_event(R"({"callid":"c","source_tag":"a","event":"1"})"));
  EXPECT_FALSE(parse_dtmf_event(R"({"callid":"c","source_tag":"a","type":"other","event":1})"));
  EXPECT_FALSE(parse_dtmf_event(std::string(5000, ' ')));
}

}  // namespace
}  // namespace ctib::media
