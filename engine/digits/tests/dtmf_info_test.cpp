#include "engine/digits/dtmf_info.hpp"

#include <gtest/gtest.h>

namespace ctib::digits {
namespace {

TEST(DtmfInfo, DtmfRelayAndDtmfBodies) {
  EXPECT_EQ(parse_dtmf_info("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"), '5');
  EXPECT_EQ(parse_dtmf_info("Application/DTMF-Relay", "Signal= #\r\nDuration= 250"), '#');
  EXPECT_EQ(parse_dtmf_info("application/dtmf-relay", "Duration=160\nSignal=10\n"), '*');
  EXPECT_EQ(parse_dtmf_info("application/dtmf-relay", "Signal=d"), 'D');
  EXPECT_EQ(parse_dtmf_info("application/dtmf", "7"), '7');
  EXPECT_EQ(parse_dtmf_info("application/dtmf; x=y", " 11\r\n"), '#');
}

TEST(DtmfInfo, AnythingElseIsNoDigit) {
  EXPECT_FALSE(parse_dtmf_info("application/sdp", "5"));
  EXPECT_FALSE(parse_dtmf_info("application/dtmf-relay", "Duration=160"));
  EXPECT_FALSE(parse_dtmf_info("application/dtmf-relay", "Signal=55"));
  EXPECT_FALSE(parse_dtmf_info("application/dtmf-relay", "Signal=E"));
  EXPECT_FALSE(parse_dtmf_info("application/dtmf", ""));
  EXPECT_FALSE(parse_dtmf_info("application/dtmf", "16"));
}

}  // namespace
}  // namespace ctib::digits
