// ctib_max_duration (docs/protocol.md, "Variables the engine understands"):
// an answered call is ended by the switch that many seconds after answer,
// BYE both sides, ALLOTTED_TIMEOUT, hangup_by system.
#include <gtest/gtest.h>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

const std::string kAllotted = R"(SIP;cause=802;text="ALLOTTED_TIMEOUT")";

class MaxDurationTest : public CallHarness {
 protected:
  void answered(const char* limit) {
    route(gateway("gw1", "1", vars({{"ctib_max_duration", limit}})));
    b(0).answer();
    ASSERT_EQ(call->state(), Call::State::Answered);
  }
};

TEST_F(MaxDurationTest, EndsTheAnsweredCallWhenTheLimitIsReached) {
  answered("5");
  timers.advance(std::chrono::milliseconds(4999));
  EXPECT_EQ(call->state(), Call::State::Answered);
  EXPECT_TRUE(a->hangups.empty());
  EXPECT_TRUE(b(0).byes.empty());

  timers.advance(std::chrono::milliseconds(1));
  ASSERT_EQ(a->hangups.size(), 1u);
  EXPECT_EQ(a->hangups[0], kAllotted);
  EXPECT_EQ(b(0).byes, std::vector<std::string>{kAllotted});
  EXPECT_EQ(record().cause, HangupCause::ALLOTTED_TIMEOUT);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
  EXPECT_EQ(record().sip_term_status, 200);
  ASSERT_TRUE(record().answer.has_value());
  EXPECT_EQ(record().end - *record().answer, std::chrono::seconds(5));
  EXPECT_TRUE(done());
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(MaxDurationTest, CountsFromAnswerNotFromTheRoutingAnswer) {
  route(gateway("gw1", "1", vars({{"ctib_max_duration", "5"}})));
  b(0).ring();
  timers.advance_s(20);  // ringing time does not count
  ASSERT_EQ(call->state(), Call::State::Originating);
  b(0).answer();
  timers.advance_s(4);
  EXPECT_EQ(call->state(), Call::State::Answered);
  timers.advance_s(1);
  EXPECT_EQ(record().cause, HangupCause::ALLOTTED_TIMEOUT);
}

TEST_F(MaxDurationTest, StartsWhenAnEarlyMediaWinnerAnswers) {
  route(gateway("gw1", "1", vars({{"ctib_max_duration", "3"}, {"bridge_answer_timeout", "10"}})));
  b(0).early();
  ASSERT_EQ(call->state(), Call::State::EarlyMedia);
  timers.advance_s(8);
  b(0).answer();
  timers.advance_s(2);
  EXPECT_EQ(call->state(), Call::State::Answered);  // bridge_answer_timeout was cancelled at answer
  timers.advance_s(1);
  EXPECT_EQ(record().cause, HangupCause::ALLOTTED_TIMEOUT);
  EXPECT_EQ(b(0).byes.size(), 1u);
}

TEST_F(MaxDurationTest, TheTimerIsCancelledWhenTheCallEndsFirst) {
  answered("60");
  call->on_caller_bye(std::nullopt);
  EXPECT_EQ(record().cause, HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(timers.pending(), 0u);
  timers.advance_s(120);
  EXPECT_EQ(observer.hangups.size(), 1u);
  EXPECT_EQ(a->hangups.size(), 0u);
  EXPECT_EQ(b(0).byes.size(), 1u);
}

TEST_F(MaxDurationTest, TheTimerIsCancelledWhenTheCalleeHangsUp) {
  answered("60");
  b(0).bye();
  EXPECT_EQ(record().hangup_by, HangupBy::Callee);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(MaxDurationTest, TheTimerIsCancelledWhenTheCallIsDestroyed) {
  answered("60");
  call.reset();
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(MaxDurationTest, ASystemHangupBeforeTheLimitKeepsItsOwnCause) {
  answered("60");
  call->hangup(HangupCause::SYSTEM_SHUTDOWN);
  EXPECT_EQ(record().cause, HangupCause::SYSTEM_SHUTDOWN);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(MaxDurationTest, NoLimitUnlessAPositiveWholeNumber) {
  for (const char* value : {"0", "-5", "abc", "2.5", "10s"}) {
    SCOPED_TRACE(value);
    sip.legs.clear();
    observer.hangups.clear();
    *a = CallerLog{};
    finished = 0;
    answered(value);
    timers.advance_s(86400);
    EXPECT_EQ(call->state(), Call::State::Answered);
    EXPECT_TRUE(a->hangups.empty());
    call->on_caller_bye(std::nullopt);
    EXPECT_TRUE(done());
  }
}

TEST_F(MaxDurationTest, AProfileDefaultApplies) {
  settings.defaults.set("ctib_max_duration", "7");
  route(gateway("gw1", "1"));
  b(0).answer();
  timers.advance_s(7);
  EXPECT_EQ(record().cause, HangupCause::ALLOTTED_TIMEOUT);
}

TEST_F(MaxDurationTest, NoneAfterAnUnansweredCall) {
  route(gateway("gw1", "1", vars({{"ctib_max_duration", "5"}})));
  b(0).fail(486);
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
  EXPECT_EQ(timers.pending(), 0u);
}

}  // namespace
}  // namespace ctib::call::testing
