// Blind transfer (transfer.cpp, decision 0015): a REFER from either side of
// an answered call asks the interface again, dials the target with the
// transferee's session, and on answer releases the referrer and re-offers
// the transferee the target's session; failures are NOTIFYed and the call
// goes on.
#include <gtest/gtest.h>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

TransferRequest refer_to(const std::string& user, bool replaces = false) {
  return TransferRequest{"sip:" + user + "@192.0.2.9", user, "192.0.2.9", replaces, "<sip:1001@192.0.2.5>"};
}

routing::RouteDecision hangup_decision(int sipcode) {
  return routing::RouteDecision{{}, routing::HangupDial{causes::HangupCause::CALL_REJECTED, sipcode}};
}

class TransferTest : public CallHarness {
 protected:
  void answered() {
    route(gateway("gw1", "1"));
    b(0).answer("b-answer");
    ASSERT_EQ(call->state(), Call::State::Answered);
  }
};

TEST_F(TransferTest, CalleeTransfersTheCaller) {
  answered();
  b(0).ev().on_refer(refer_to("3000"));
  EXPECT_EQ(b(0).transfer_responses, std::vector<int>{202});
  ASSERT_EQ(router.requests.size(), 2u);
  const auto& t = router.requests[1].transfer;
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(router.requests[1].uuid, "uuid-1");
  EXPECT_EQ(t->destination_number, "3000");
  EXPECT_EQ(t->refer_to, "sip:3000@192.0.2.9");
  EXPECT_EQ(t->referred_by, "<sip:1001@192.0.2.5>");
  EXPECT_EQ(t->transferor, "callee");
  EXPECT_NE(t->source.find(":uuid-1:bl_xfer:3000/cti_bridge/internal"), std::string::npos) << t->source;
  router.answer(gateway("gw1", "3000"));
  ASSERT_EQ(sip.legs.size(), 2u);
  ASSERT_TRUE(b(1).invite.sdp.has_value());
  EXPECT_EQ(b(1).invite.sdp->payload, kOfferSdp);  // the transferee's (A's) session
  EXPECT_TRUE(b(0).byes.empty());                  // bridged until the target answers
  b(1).answer("c-answer");
  EXPECT_EQ(b(0).transfer_notifies, std::vector<int>{200});
  EXPECT_EQ(b(0).byes.size(), 1u);
  ASSERT_EQ(a->reinvites.size(), 1u);
  EXPECT_EQ(a->reinvites[0].payload, "c-answer");
  call->on_caller_reinvite_response(200, nullptr);
  EXPECT_TRUE(b(1).reinvite_responses.empty());  // the re-offer was the switch's own
  call->on_caller_bye(std::nullopt);
  EXPECT_EQ(b(1).byes.size(), 1u);
  EXPECT_TRUE(done());
  EXPECT_EQ(record().hangup_by, HangupBy::Caller);
  EXPECT_EQ(record().dialed, "sofia/gateway/gw1/3000");
  EXPECT_EQ(observer.hangups.size(), 1u);
}

TEST_F(TransferTest, CallerTransfersTheCallee) {
  answered();
  call->on_caller_refer(refer_to("3000"));
  EXPECT_EQ(a->transfer_responses, std::vector<int>{202});
  ASSERT_EQ(router.requests.size(), 2u);
  EXPECT_EQ(router.requests[1].transfer->transferor, "caller");
  router.answer(gateway("gw1", "3000"));
  ASSERT_EQ(sip.legs.size(), 2u);
  EXPECT_EQ(b(1).invite.sdp->payload, "b-answer");  // the transferee's (B's) session
  b(1).answer("c-answer");
  EXPECT_EQ(a->transfer_notifies, std::vector<int>{200});
  EXPECT_EQ(a->hangups.size(), 1u);
  ASSERT_EQ(b(0).reinvites.size(), 1u);
  EXPECT_EQ(b(0).reinvites[0].payload, "c-answer");
  // Until B answers that offer, another one would be glare (491).
  b(1).ev().on_reinvite(sdp("c-early"));
  EXPECT_EQ(b(1).reinvite_responses, std::vector<int>{491});
  b(1).reinvite_responses.clear();
  const Body b_again = sdp("b-again");
  b(0).ev().on_reinvite_response(200, &b_again);
  // The target plays A's part now: its offers reach B, its BYE ends the call.
  b(1).ev().on_reinvite(sdp("c-hold"));
  ASSERT_EQ(b(0).reinvites.size(), 2u);
  EXPECT_EQ(b(0).reinvites[1].payload, "c-hold");
  b(0).ev().on_reinvite_response(200, nullptr);
  EXPECT_EQ(b(1).reinvite_responses, std::vector<int>{200});
  call->on_caller_bye(std::nullopt);  // A's late BYE changes nothing
  EXPECT_FALSE(done());
  b(1).bye();
  EXPECT_EQ(b(0).byes.size(), 1u);
  EXPECT_TRUE(done());
  EXPECT_EQ(record().hangup_by, HangupBy::Caller);
}

TEST_F(TransferTest, InterfaceRefusingTheTargetIsNotifiedAndTheCallGoesOn) {
  answered();
  b(0).ev().on_refer(refer_to("3000"));
  router.answer(hangup_decision(603));
  EXPECT_EQ(b(0).transfer_notifies, std::vector<int>{603});
  EXPECT_EQ(sip.legs.size(), 1u);
  EXPECT_TRUE(b(0).byes.empty());
  EXPECT_EQ(call->state(), Call::State::Answered);
  // A second transfer may follow.
  b(0).ev().on_refer(refer_to("3001"));
  EXPECT_EQ(b(0).transfer_responses, (std::vector<int>{202, 202}));
}

TEST_F(TransferTest, TargetFailureIsNotifiedAndTheCallGoesOn) {
  answered();
  b(0).ev().on_refer(refer_to("3000"));
  router.answer(gateway("gw1", "3000"));
  b(1).fail(486);
  EXPECT_EQ(b(0).transfer_notifies, std::vector<int>{486});
  EXPECT_EQ(call->state(), Call::State::Answered);
  call->on_caller_bye(std::nullopt);
  EXPECT_EQ(b(0).byes.size(), 1u);
  EXPECT_TRUE(done());
}

TEST_F(TransferTest, ReferrerGoneAndTargetFailedEndsTheCall) {
  answered();
  b(0).ev().on_refer(refer_to("3000"));
  b(0).bye();  // phones often hang up once the REFER is accepted
  EXPECT_EQ(call->state(), Call::State::Answered);
  EXPECT_TRUE(a->hangups.empty());
  router.answer(gateway("gw1", "3000"));
  b(1).fail(486);
  EXPECT_EQ(a->hangups.size(), 1u);
  EXPECT_TRUE(done());
  EXPECT_EQ(record().cause, causes::HangupCause::USER_BUSY);
  EXPECT_EQ(record().hangup_by, HangupBy::Callee);
}

TEST_F(TransferTest, ReferrerGoneThenTargetAnswers) {
  answered();
  b(0).ev().on_refer(refer_to("3000"));
  b(0).bye();
  router.answer(gateway("gw1", "3000"));
  b(1).answer("c-answer");
  EXPECT_TRUE(b(0).transfer_notifies.empty());  // nobody to tell
  ASSERT_EQ(a->reinvites.size(), 1u);
  b(1).bye();
  EXPECT_EQ(a->hangups.size(), 1u);
  EXPECT_TRUE(done());
  EXPECT_EQ(record().hangup_by, HangupBy::Callee);
}

TEST_F(TransferTest, TransfereeLeavingEndsEverything) {
  answered();
  b(0).ev().on_refer(refer_to("3000"));
  router.answer(gateway("gw1", "3000"));
  b(1).ring();
  call->on_caller_bye(std::nullopt);
  EXPECT_EQ(b(0).byes.size(), 1u);
  EXPECT_EQ(b(1).cancels.size(), 1u);
  EXPECT_TRUE(done());
}

TEST_F(TransferTest, AttendedTransferIsRefused501) {
  answered();
  b(0).ev().on_refer(refer_to("3000", true));
  EXPECT_EQ(b(0).transfer_responses, std::vector<int>{501});
  EXPECT_EQ(router.requests.size(), 1u);
}

TEST_F(TransferTest, OneTransferAtATime) {
  answered();
  b(0).ev().on_refer(refer_to("3000"));
  call->on_caller_refer(refer_to("3001"));
  EXPECT_EQ(a->transfer_responses, std::vector<int>{491});
  EXPECT_EQ(router.requests.size(), 2u);
}

TEST_F(TransferTest, NotBeforeAnswer) {
  route(gateway("gw1", "1"));
  b(0).ring();
  call->on_caller_refer(refer_to("3000"));
  EXPECT_EQ(a->transfer_responses, std::vector<int>{403});
  b(0).ev().on_refer(refer_to("3000"));  // a ringing leg cannot REFER either
  EXPECT_EQ(b(0).transfer_responses, std::vector<int>{403});
  EXPECT_EQ(router.requests.size(), 1u);
}

TEST_F(TransferTest, RoutingFailureIsNotified503) {
  answered();
  b(0).ev().on_refer(refer_to("3000"));
  router.fail("connect refused");
  EXPECT_EQ(b(0).transfer_notifies, std::vector<int>{503});
  EXPECT_EQ(call->state(), Call::State::Answered);
}

}  // namespace
}  // namespace ctib::call::testing
