// INFO relay (info_relay.cpp): DTMF INFO both ways between the bridged legs,
// the receiving leg's final response relayed back, 480 without a bridge.
#include <gtest/gtest.h>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

Info dtmf(const std::string& digit) {
  return Info{Body{"application/dtmf-relay", "Signal=" + digit + "\r\nDuration=160\r\n"}, {{"X-Seq", "1"}}};
}

class InfoTest : public CallHarness {
 protected:
  void answered() {
    route(gateway("gw1", "1"));
    b(0).answer();
    ASSERT_EQ(call->state(), Call::State::Answered);
  }
};

TEST_F(InfoTest, CallerInfoReachesTheCalleeAndItsAnswerComesBack) {
  answered();
  call->on_caller_info(dtmf("5"));
  ASSERT_EQ(b(0).infos.size(), 1u);
  EXPECT_EQ(b(0).infos[0].body->content_type, "application/dtmf-relay");
  EXPECT_EQ(b(0).infos[0].body->payload, "Signal=5\r\nDuration=160\r\n");
  EXPECT_EQ(b(0).infos[0].headers, (std::vector<SipHeader>{{"X-Seq", "1"}}));
  EXPECT_TRUE(a->info_responses.empty());  // not answered before B answers
  b(0).ev().on_info_response(200, "OK");
  EXPECT_EQ(a->info_responses, std::vector<int>{200});
}

TEST_F(InfoTest, CalleeRefusalIsRelayedAsItIs) {
  answered();
  call->on_caller_info(dtmf("1"));
  call->on_caller_info(dtmf("2"));
  EXPECT_EQ(b(0).infos.size(), 2u);
  b(0).ev().on_info_response(481, "Call Does Not Exist");
  b(0).ev().on_info_response(500, "Server Internal Error");
  EXPECT_EQ(a->info_responses, (std::vector<int>{481, 500}));
}

TEST_F(InfoTest, CalleeInfoReachesTheCaller) {
  answered();
  b(0).ev().on_info(Info{Body{"application/dtmf", "7"}, {}});
  ASSERT_EQ(a->infos.size(), 1u);
  EXPECT_EQ(a->infos[0].body->payload, "7");
  call->on_caller_info_response(415, "Unsupported Media Type");
  EXPECT_EQ(b(0).info_responses, std::vector<int>{415});
}

TEST_F(InfoTest, RelayedDuringEarlyMedia) {
  route(gateway("gw1", "1"));
  b(0).early();
  call->on_caller_info(dtmf("9"));
  EXPECT_EQ(b(0).infos.size(), 1u);
}

TEST_F(InfoTest, WithoutABridgeTheInfoIsRefused480) {
  route(gateway("gw1", "1"));
  b(0).ring();
  call->on_caller_info(dtmf("3"));
  EXPECT_EQ(a->info_responses, std::vector<int>{480});
  EXPECT_TRUE(b(0).infos.empty());
  b(0).ev().on_info(dtmf("4"));  // a ringing leg's INFO: its group has no peer for it
  EXPECT_EQ(b(0).info_responses, std::vector<int>{480});
  EXPECT_TRUE(a->infos.empty());
}

}  // namespace
}  // namespace ctib::call::testing
