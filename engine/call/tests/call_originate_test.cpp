// Originate: parallel legs, failover, timers, fail_on_single_reject, causes
// (freeswitch-semantics §1.4, §2.1, §2.3, §3.3, §3.4).
#include <gtest/gtest.h>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

using OriginateTest = CallHarness;

TEST_F(OriginateTest, BusyIsPassedBack) {
  route(gateway("gw1", "1"));
  b(0).ring();
  b(0).fail(486);
  EXPECT_EQ(a->refused_status(), 486);
  EXPECT_EQ(a->refused_reason(), R"(Q.850;cause=17;text="USER_BUSY")");
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
  EXPECT_EQ(record().hangup_by, HangupBy::Callee);
  EXPECT_TRUE(done());
}

TEST_F(OriginateTest, CallTimeoutIsNoAnswerAnd480) {
  route(gateway("gw1", "1", vars({{"call_timeout", "30"}})));
  b(0).ring();
  timers.advance_s(29);
  EXPECT_FALSE(b(0).cancelled());
  timers.advance_s(1);
  ASSERT_TRUE(b(0).cancelled());
  EXPECT_EQ(b(0).cancels[0], R"(Q.850;cause=19;text="NO_ANSWER")");
  EXPECT_EQ(a->refused_status(), 480);
  EXPECT_EQ(record().cause, HangupCause::NO_ANSWER);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
}

TEST_F(OriginateTest, CallTimeoutDefaultsTo60AndNonPositiveMeans60) {
  route(gateway("gw1", "1", vars({{"call_timeout", "0"}})));
  timers.advance_s(59);
  EXPECT_FALSE(b(0).cancelled());
  timers.advance_s(1);
  EXPECT_TRUE(b(0).cancelled());
}

TEST_F(OriginateTest, OriginateTimeoutReplacesCallTimeout) {
  route(dialstring_decision("{originate_timeout=5}sofia/gateway/gw1/1", vars({{"call_timeout", "30"}})));
  timers.advance_s(5);
  EXPECT_TRUE(b(0).cancelled());
  EXPECT_EQ(record().cause, HangupCause::NO_ANSWER);
}

TEST_F(OriginateTest, ParallelRingFirstAnswerWinsLoserGetsLoseRace) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/2"));
  ASSERT_EQ(sip.legs.size(), 2u);
  b(0).ring();
  b(1).ring();
  b(1).answer("b2-sdp");
  ASSERT_EQ(b(0).cancels.size(), 1u);
  EXPECT_EQ(b(0).cancels[0], kLoseRace);
  EXPECT_FALSE(b(1).cancelled());
  ASSERT_TRUE(a->answered);
  EXPECT_EQ(a->answered->value().payload, "b2-sdp");
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(OriginateTest, OneLegFailingDoesNotStopItsSibling) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/2"));
  b(0).fail(404);
  EXPECT_EQ(call->state(), Call::State::Originating);
  EXPECT_FALSE(b(1).cancelled());
  b(1).answer();
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(OriginateTest, GroupCauseIsTheFirstLegInDialOrderStatusTheLastRemote) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/2"));
  b(0).fail(404);
  b(1).fail(486);
  EXPECT_EQ(record().cause, HangupCause::UNALLOCATED_NUMBER);
  EXPECT_EQ(a->refused_status(), 486);
}

TEST_F(OriginateTest, CreatedLegsCauseBeatsACreationFailure) {
  route(dialstring_decision("error/CALL_REJECTED,sofia/gateway/gw1/1"));
  ASSERT_EQ(sip.legs.size(), 1u);
  b(0).fail(486);
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
}

TEST_F(OriginateTest, FailoverToTheNextGroupAfter503) {
  route(dialstring_decision("sofia/gateway/gw1/1|sofia/gateway/gw2/1"));
  ASSERT_EQ(sip.legs.size(), 1u);
  b(0).fail(503);
  ASSERT_EQ(sip.legs.size(), 2u);
  EXPECT_EQ(b(1).invite.target.gateway, "gw2");
  b(1).answer();
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(OriginateTest, LastGroupFailureDecidesTheCause) {
  route(dialstring_decision("sofia/gateway/gw1/1|sofia/gateway/gw2/1"));
  b(0).fail(503);
  b(1).fail(404);
  EXPECT_EQ(a->refused_status(), 404);
  EXPECT_EQ(record().cause, HangupCause::UNALLOCATED_NUMBER);
  EXPECT_EQ(record().dialed, "sofia/gateway/gw2/1");
}

TEST_F(OriginateTest, EachGroupGetsTheFullTimeout) {
  route(dialstring_decision("[leg_timeout=10]sofia/gateway/gw1/1|sofia/gateway/gw2/1",
                            vars({{"call_timeout", "20"}})));
  timers.advance_s(10);
  ASSERT_EQ(sip.legs.size(), 2u);
  timers.advance_s(19);
  EXPECT_FALSE(b(1).cancelled());
  timers.advance_s(1);
  EXPECT_TRUE(b(1).cancelled());
}

TEST_F(OriginateTest, GlobalTimeoutStopsFailover) {
  route(dialstring_decision("sofia/gateway/gw1/1|sofia/gateway/gw2/1", vars({{"call_timeout", "10"}})));
  timers.advance_s(10);
  EXPECT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(a->refused_status(), 480);
  EXPECT_EQ(record().cause, HangupCause::NO_ANSWER);
}

TEST_F(OriginateTest, ContinueOnTimeoutGoesToTheNextGroup) {
  route(dialstring_decision("{originate_continue_on_timeout=true}sofia/gateway/gw1/1|sofia/gateway/gw2/1",
                            vars({{"call_timeout", "10"}})));
  timers.advance_s(10);
  ASSERT_EQ(sip.legs.size(), 2u);
  EXPECT_TRUE(b(0).cancelled());
  b(1).answer();
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(OriginateTest, LegTimeoutIsAllottedTimeoutAndFailoverContinues) {
  route(dialstring_decision("[leg_timeout=5]sofia/gateway/gw1/1|sofia/gateway/gw2/1"));
  timers.advance_s(5);
  ASSERT_EQ(b(0).cancels.size(), 1u);
  EXPECT_EQ(b(0).cancels[0], R"(SIP;cause=802;text="ALLOTTED_TIMEOUT")");
  ASSERT_EQ(sip.legs.size(), 2u);
  b(1).fail(486);
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
}

TEST_F(OriginateTest, LegTimeoutOnTheLastGroupGivesAllottedTimeout) {
  route(dialstring_decision("[leg_timeout=5]sofia/gateway/gw1/1"));
  timers.advance_s(5);
  EXPECT_EQ(record().cause, HangupCause::ALLOTTED_TIMEOUT);
  EXPECT_EQ(a->refused_status(), 480);
}

TEST_F(OriginateTest, LegProgressTimeoutForcesProgressTimeoutAsFinalCause) {
  route(dialstring_decision("[leg_progress_timeout=3]sofia/gateway/gw1/1|sofia/gateway/gw2/1"));
  timers.advance_s(3);
  ASSERT_EQ(sip.legs.size(), 2u);
  b(1).fail(486);
  EXPECT_EQ(record().cause, HangupCause::PROGRESS_TIMEOUT);
  EXPECT_EQ(a->refused_status(), 486);  // pass-through still applies
}

TEST_F(OriginateTest, LegProgressTimeoutDoesNotFireAfterRinging) {
  route(dialstring_decision("[leg_progress_timeout=3]sofia/gateway/gw1/1"));
  b(0).ring();
  timers.advance_s(10);
  EXPECT_FALSE(b(0).cancelled());
}

TEST_F(OriginateTest, GroupProgressTimeout) {
  route(dialstring_decision("{progress_timeout=4}sofia/gateway/gw1/1,sofia/gateway/gw2/1|sofia/gateway/gw3/1"));
  timers.advance_s(4);
  EXPECT_TRUE(b(0).cancelled());
  EXPECT_TRUE(b(1).cancelled());
  ASSERT_EQ(sip.legs.size(), 3u);
  b(2).fail(404);
  EXPECT_EQ(record().cause, HangupCause::PROGRESS_TIMEOUT);
}

TEST_F(OriginateTest, FailOnSingleRejectTrueEndsTheGroupButFailoverContinues) {
  route(dialstring_decision(
      "{fail_on_single_reject=true}sofia/gateway/gw1/1,sofia/gateway/gw2/1|sofia/gateway/gw3/1"));
  b(0).fail(404);
  ASSERT_EQ(b(1).cancels.size(), 1u);
  EXPECT_EQ(b(1).cancels[0], R"(Q.850;cause=19;text="NO_ANSWER")");
  ASSERT_EQ(sip.legs.size(), 3u);
  b(2).fail(486);  // `{}` applies to this group too: NO_ANSWER, 486 passed through
  EXPECT_EQ(record().cause, HangupCause::NO_ANSWER);
  EXPECT_EQ(a->refused_status(), 486);
}

TEST_F(OriginateTest, FailOnSingleRejectTrueOnTheLastGroupIsNoAnswer) {
  route(dialstring_decision("{fail_on_single_reject=true}sofia/gateway/gw1/1,sofia/gateway/gw2/1"));
  b(1).fail(404);
  EXPECT_TRUE(b(0).cancelled());
  EXPECT_EQ(record().cause, HangupCause::NO_ANSWER);
  EXPECT_EQ(a->refused_status(), 404);
}

TEST_F(OriginateTest, FailOnSingleRejectCauseListMatchStopsFailover) {
  route(dialstring_decision(
      "{fail_on_single_reject=USER_BUSY}sofia/gateway/gw1/1,sofia/gateway/gw2/1|sofia/gateway/gw3/1"));
  b(0).fail(486);
  EXPECT_TRUE(b(1).cancelled());
  EXPECT_EQ(sip.legs.size(), 2u);
  EXPECT_EQ(a->refused_status(), 486);
  EXPECT_TRUE(done());
}

TEST_F(OriginateTest, FailOnSingleRejectCauseListNoMatchWaitsForSiblings) {
  route(dialstring_decision(
      "{fail_on_single_reject=user_busy}sofia/gateway/gw1/1,sofia/gateway/gw2/1|sofia/gateway/gw3/1"));
  b(0).fail(404);
  EXPECT_FALSE(b(1).cancelled());
  b(1).fail(503);
  ASSERT_EQ(sip.legs.size(), 3u);  // failover continues
}

TEST_F(OriginateTest, FailOnSingleRejectNegatedList) {
  route(dialstring_decision(
      "{fail_on_single_reject=!USER_BUSY}sofia/gateway/gw1/1,sofia/gateway/gw2/1|sofia/gateway/gw3/1"));
  b(0).fail(486);  // busy does not match the negated list
  EXPECT_FALSE(b(1).cancelled());
  b(1).fail(404);  // anything else does, and stops failover
  EXPECT_EQ(sip.legs.size(), 2u);
  EXPECT_TRUE(done());
}

TEST_F(OriginateTest, FailOnSingleRejectListMatchingACreationFailureStopsAtOnce) {
  route(dialstring_decision(
      "{fail_on_single_reject=USER_BUSY}error/USER_BUSY,sofia/gateway/gw1/1|sofia/gateway/gw2/1"));
  EXPECT_TRUE(sip.legs.empty());
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
  EXPECT_EQ(a->refused_status(), 486);
}

TEST_F(OriginateTest, EarlyMediaWinThenFailureHasNoFailover) {
  route(dialstring_decision("sofia/gateway/gw1/1|sofia/gateway/gw2/1"));
  b(0).early();
  EXPECT_EQ(call->state(), Call::State::EarlyMedia);
  b(0).fail(486);
  EXPECT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(a->refused_status(), 486);
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
}

TEST_F(OriginateTest, EarlyMediaWinCancelsSiblingsAndIgnoresCallTimeout) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/1", vars({{"call_timeout", "10"}})));
  b(1).early();
  EXPECT_EQ(b(0).cancels, std::vector<std::string>{kLoseRace});
  timers.advance_s(100);
  EXPECT_FALSE(b(1).cancelled());
  EXPECT_EQ(call->state(), Call::State::EarlyMedia);
  b(1).answer();
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(OriginateTest, BridgeAnswerTimeoutBoundsTheEarlyMediaWait) {
  route(gateway("gw1", "1", vars({{"bridge_answer_timeout", "15"}})));
  b(0).early();
  timers.advance_s(15);
  EXPECT_TRUE(b(0).cancelled());
  EXPECT_EQ(record().cause, HangupCause::ALLOTTED_TIMEOUT);
  EXPECT_EQ(a->refused_status(), 480);
}

TEST_F(OriginateTest, Q850ReasonOverridesTheCause) {
  route(gateway("gw1", "1"));
  b(0).fail(503, 17);
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
  EXPECT_EQ(a->refused_status(), 503);  // the SIP status still passes through
}

TEST_F(OriginateTest, IgnoreQ850ReasonKeepsTheTableCause) {
  route(gateway("gw1", "1", vars({{"ignore_q850_reason", "true"}})));
  b(0).fail(503, 17);
  EXPECT_EQ(record().cause, HangupCause::NORMAL_TEMPORARY_FAILURE);
}

TEST_F(OriginateTest, SipIgnoreRemoteCauseUsesTheCauseTable) {
  route(gateway("gw1", "1", vars({{"sip_ignore_remote_cause", "true"}})));
  b(0).fail(480);
  EXPECT_EQ(record().cause, HangupCause::NO_USER_RESPONSE);
  EXPECT_EQ(a->refused_status(), 408);
}

TEST_F(OriginateTest, StackErrorsNeverReachTheCaller) {
  route(gateway("gw1", "1"));
  b(0).fail(903);
  EXPECT_EQ(record().cause, HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_EQ(a->refused_status(), 502);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
}

TEST_F(OriginateTest, EarlierRemoteStatusPassesThroughAfterATimeout) {
  route(dialstring_decision("{originate_continue_on_timeout=true}sofia/gateway/gw1/1|sofia/gateway/gw2/1",
                            vars({{"call_timeout", "10"}})));
  b(0).fail(503);
  timers.advance_s(10);
  EXPECT_EQ(record().cause, HangupCause::NO_ANSWER);
  EXPECT_EQ(a->refused_status(), 503);
}

TEST_F(OriginateTest, DisableQ850ReasonRemovesTheReasonToA) {
  route(gateway("gw1", "1", vars({{"disable_q850_reason", "true"}})));
  b(0).fail(486);
  EXPECT_EQ(a->refused_reason(), "");
  EXPECT_EQ(b(0).cancels.size(), 0u);
}

TEST_F(OriginateTest, AnswerCrossingOurCancelIsHungUp) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/1"));
  b(0).answer();
  ASSERT_TRUE(b(1).cancelled());
  b(1).answer();  // the far end's 200 crossed the CANCEL
  EXPECT_EQ(b(1).byes, std::vector<std::string>{kLoseRace});
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(OriginateTest, EnterpriseBranchesRunAtOnceFirstAnswerWins) {
  route(dialstring_decision("sofia/gateway/gw1/1:_:sofia/gateway/gw2/1"));
  ASSERT_EQ(sip.legs.size(), 2u);
  b(0).early();  // early media never wins an enterprise originate
  EXPECT_EQ(call->state(), Call::State::Originating);
  EXPECT_EQ(a->provisionals.size(), 1u);
  EXPECT_EQ(a->provisionals[0].first, 180);
  b(1).answer();
  EXPECT_EQ(b(0).cancels, std::vector<std::string>{kLoseRace});
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(OriginateTest, EnterpriseFailureIsTheFirstBranchCause) {
  route(dialstring_decision("sofia/gateway/gw1/1:_:sofia/gateway/gw2/1"));
  b(1).fail(486);
  EXPECT_EQ(call->state(), Call::State::Originating);
  b(0).fail(404);
  EXPECT_EQ(record().cause, HangupCause::UNALLOCATED_NUMBER);
}

TEST_F(OriginateTest, EnterpriseBranchFailsOverInsideItself) {
  route(dialstring_decision("sofia/gateway/gw1/1|sofia/gateway/gw3/1:_:sofia/gateway/gw2/1"));
  ASSERT_EQ(sip.legs.size(), 2u);
  b(0).fail(503);
  ASSERT_EQ(sip.legs.size(), 3u);
  EXPECT_EQ(b(2).invite.target.gateway, "gw3");
}

}  // namespace
}  // namespace ctib::call::testing
