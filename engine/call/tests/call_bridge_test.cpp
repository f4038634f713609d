// The answered call: BYE either side, re-INVITE relay and glare
// (freeswitch-semantics §2.3, §6.5).
#include <gtest/gtest.h>

#include "engine/call/final_response.hpp"
#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

class BridgeTest : public CallHarness {
 protected:
  void answered() {
    route(gateway("gw1", "1"));
    b(0).answer();
    ASSERT_EQ(call->state(), Call::State::Answered);
  }
};

TEST_F(BridgeTest, CallerByeHangsUpBWithTheCallersCause) {
  answered();
  call->on_caller_bye(std::nullopt);
  EXPECT_EQ(b(0).byes, std::vector<std::string>{R"(Q.850;cause=16;text="NORMAL_CLEARING")"});
  EXPECT_EQ(record().cause, HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(record().hangup_by, HangupBy::Caller);
  EXPECT_EQ(record().sip_term_status, 200);
  EXPECT_TRUE(done());
}

TEST_F(BridgeTest, CallerByeReasonBecomesTheCause) {
  answered();
  call->on_caller_bye(41);
  EXPECT_EQ(record().cause, HangupCause::NORMAL_TEMPORARY_FAILURE);
  EXPECT_EQ(b(0).byes[0], R"(Q.850;cause=41;text="NORMAL_TEMPORARY_FAILURE")");
}

TEST_F(BridgeTest, CalleeByeHangsUpAWithTheCalleesCause) {
  answered();
  b(0).bye(17);
  ASSERT_EQ(a->hangups.size(), 1u);
  EXPECT_EQ(a->hangups[0], R"(Q.850;cause=17;text="USER_BUSY")");
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
  EXPECT_EQ(record().hangup_by, HangupBy::Callee);
  EXPECT_TRUE(b(0).byes.empty());
}

TEST_F(BridgeTest, SystemHangupOfAnAnsweredCallByesBothSides) {
  answered();
  call->hangup(HangupCause::SYSTEM_SHUTDOWN);
  ASSERT_EQ(a->hangups.size(), 1u);
  EXPECT_EQ(a->hangups[0], R"(SIP;cause=701;text="SYSTEM_SHUTDOWN")");
  EXPECT_EQ(b(0).byes.size(), 1u);
  EXPECT_EQ(record().cause, HangupCause::SYSTEM_SHUTDOWN);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
  EXPECT_TRUE(done());
  call->hangup(HangupCause::SYSTEM_SHUTDOWN);  // a finished call ignores it
  EXPECT_EQ(a->hangups.size(), 1u);
}

TEST_F(BridgeTest, SystemHangupWhileRingingRefusesTheCallerAndCancelsB) {
  route(gateway("gw1", "1"));
  b(0).ring();
  call->hangup(HangupCause::SYSTEM_SHUTDOWN);
  EXPECT_TRUE(b(0).cancelled());
  EXPECT_EQ(a->refused_status(), 480);  // SYSTEM_SHUTDOWN has no SIP mapping of its own
  EXPECT_EQ(record().cause, HangupCause::SYSTEM_SHUTDOWN);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
}

TEST_F(BridgeTest, CallerByeBeforeAnswerIsACancel) {
  route(gateway("gw1", "1"));
  b(0).ring();
  call->on_caller_bye(std::nullopt);
  EXPECT_EQ(b(0).cancels, std::vector<std::string>{R"(SIP;cause=487;text="ORIGINATOR_CANCEL")"});
  EXPECT_EQ(a->refused_status(), 487);
  EXPECT_EQ(record().cause, HangupCause::ORIGINATOR_CANCEL);
  EXPECT_EQ(record().hangup_by, HangupBy::Caller);
}

TEST_F(BridgeTest, CallerCancelDuringRingingCancelsEveryLeg) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/1|sofia/gateway/gw3/1"));
  b(0).ring();
  call->on_caller_cancel();
  EXPECT_TRUE(b(0).cancelled());
  EXPECT_TRUE(b(1).cancelled());
  EXPECT_EQ(sip.legs.size(), 2u);  // no failover once A is gone
  EXPECT_EQ(a->refused_status(), 487);
  EXPECT_EQ(record().sip_term_status, 487);
}

TEST_F(BridgeTest, CallerCancelDuringEarlyMediaCancelsTheWinner) {
  route(gateway("gw1", "1"));
  b(0).early();
  call->on_caller_cancel();
  EXPECT_TRUE(b(0).cancelled());
  EXPECT_EQ(a->refused_status(), 487);
  EXPECT_EQ(record().cause, HangupCause::ORIGINATOR_CANCEL);
}

TEST_F(BridgeTest, CallerReinviteIsRelayedAndAnswered) {
  answered();
  call->on_caller_reinvite(sdp("hold"));
  ASSERT_EQ(b(0).reinvites.size(), 1u);
  EXPECT_EQ(b(0).reinvites[0].payload, "hold");
  const Body answer = sdp("held");
  b(0).ev().on_reinvite_response(200, &answer);
  EXPECT_EQ(a->reinvite_responses, std::vector<int>{200});
}

TEST_F(BridgeTest, CalleeReinviteIsRelayedAndAnswered) {
  answered();
  b(0).ev().on_reinvite(sdp("new"));
  ASSERT_EQ(a->reinvites.size(), 1u);
  EXPECT_EQ(a->reinvites[0].payload, "new");
  call->on_caller_reinvite_response(488, nullptr);
  EXPECT_EQ(b(0).reinvite_responses, std::vector<int>{488});
}

TEST_F(BridgeTest, GlareCallerOfferWhileCalleeOfferPendingGets491) {
  answered();
  b(0).ev().on_reinvite(sdp("b-offer"));
  call->on_caller_reinvite(sdp("a-offer"));
  EXPECT_EQ(a->reinvite_responses, std::vector<int>{491});
  EXPECT_TRUE(b(0).reinvites.empty());
}

TEST_F(BridgeTest, GlareCalleeOfferWhileCallerOfferPendingGets491) {
  answered();
  call->on_caller_reinvite(sdp("a-offer"));
  b(0).ev().on_reinvite(sdp("b-offer"));
  EXPECT_EQ(b(0).reinvite_responses, std::vector<int>{491});
  EXPECT_TRUE(a->reinvites.empty());
}

TEST_F(BridgeTest, NextOfferIsRelayedOnceTheFirstIsAnswered) {
  answered();
  call->on_caller_reinvite(sdp("1"));
  b(0).ev().on_reinvite_response(200, nullptr);
  call->on_caller_reinvite(sdp("2"));
  EXPECT_EQ(b(0).reinvites.size(), 2u);
  EXPECT_TRUE(a->reinvite_responses == std::vector<int>{200});
}

TEST_F(BridgeTest, ReinviteBeforeAWinnerIsRefused) {
  route(gateway("gw1", "1"));
  call->on_caller_reinvite(sdp("x"));
  EXPECT_EQ(a->reinvite_responses, std::vector<int>{491});
}

TEST_F(BridgeTest, UpdateDuringEarlyMediaIsRelayed) {
  route(gateway("gw1", "1"));
  b(0).early();
  call->on_caller_reinvite(sdp("update"));
  EXPECT_EQ(b(0).reinvites.size(), 1u);
}

TEST_F(BridgeTest, DestroyingALiveCallReleasesItsLegs) {
  route(gateway("gw1", "1"));
  call.reset();
  EXPECT_EQ(b(0).cancels, std::vector<std::string>{R"(SIP;cause=701;text="SYSTEM_SHUTDOWN")"});
  EXPECT_EQ(timers.pending(), 0u);
}

// Decision 0007: a leg ended by its session timer ends the call as the
// switch, with RECOVERY_ON_TIMER_EXPIRE, the other side getting its BYE.
TEST_F(BridgeTest, CalleeSessionExpiryEndsTheCallAsTheSwitch) {
  answered();
  b(0).ev().on_session_expired();
  ASSERT_EQ(a->hangups.size(), 1u);
  EXPECT_EQ(a->hangups[0], R"(Q.850;cause=102;text="RECOVERY_ON_TIMER_EXPIRE")");
  EXPECT_TRUE(b(0).byes.empty());  // its dialog is already over
  EXPECT_EQ(record().cause, HangupCause::RECOVERY_ON_TIMER_EXPIRE);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
  EXPECT_EQ(record().sip_term_status, 200);
  EXPECT_TRUE(done());
}

TEST_F(BridgeTest, CallerSessionExpiryEndsTheCallAsTheSwitch) {
  answered();
  call->on_caller_session_expired();
  EXPECT_EQ(b(0).byes, std::vector<std::string>{R"(Q.850;cause=102;text="RECOVERY_ON_TIMER_EXPIRE")"});
  EXPECT_EQ(record().cause, HangupCause::RECOVERY_ON_TIMER_EXPIRE);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
  EXPECT_TRUE(done());
}

TEST_F(BridgeTest, SessionExpiryOfAnUnansweredLegChangesNothing) {
  route(gateway("gw1", "1"));
  b(0).ring();
  b(0).ev().on_session_expired();
  EXPECT_EQ(call->state(), Call::State::Originating);
}

// RFC 5057: a 408/481 (or the stack's own 9xx) from the other leg would end
// the offerer's dialog if passed on; the offerer hears 500 and stays up.
TEST_F(BridgeTest, OtherLegFailingAnOfferGivesTheOffererA500) {
  answered();
  call->on_caller_reinvite(sdp("hold"));
  const Body stale = sdp("stale");
  b(0).ev().on_reinvite_response(481, &stale);
  EXPECT_EQ(a->reinvite_responses, std::vector<int>{500});
  b(0).ev().on_reinvite(sdp("b-offer"));
  call->on_caller_reinvite_response(408, nullptr);
  EXPECT_EQ(b(0).reinvite_responses, std::vector<int>{500});
  call->on_caller_reinvite(sdp("again"));
  b(0).ev().on_reinvite_response(488, nullptr);  // a real refusal passes through
  EXPECT_EQ(a->reinvite_responses, (std::vector<int>{500, 488}));
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST(RelayedOfferStatus, DialogEndingAndLocalStatusesBecome500) {
  EXPECT_EQ(relayed_offer_status(200), 200);
  EXPECT_EQ(relayed_offer_status(491), 491);
  EXPECT_EQ(relayed_offer_status(488), 488);
  EXPECT_EQ(relayed_offer_status(408), 500);
  EXPECT_EQ(relayed_offer_status(481), 500);
  EXPECT_EQ(relayed_offer_status(900), 500);
  EXPECT_EQ(relayed_offer_status(503), 503);
}

}  // namespace
}  // namespace ctib::call::testing
