// What A hears while B legs progress, and the notifications
// (freeswitch-semantics §2.2, §4.2; cti-bridge-protocol §5).
#include <gtest/gtest.h>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

using SignallingTest = CallHarness;

TEST_F(SignallingTest, FirstRingIsRelayedOnceAs180) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/1"));
  b(0).ring();
  b(1).ring();
  b(0).ring();
  ASSERT_EQ(a->provisionals.size(), 1u);
  EXPECT_EQ(a->provisionals[0].first, 180);
  EXPECT_FALSE(a->provisionals[0].second);
}

TEST_F(SignallingTest, Ring183WithoutSdpIsRing) {
  route(gateway("gw1", "1"));
  b(0).ring(183);
  ASSERT_EQ(a->provisionals.size(), 1u);
  EXPECT_EQ(a->provisionals[0].first, 180);
  EXPECT_EQ(call->state(), Call::State::Originating);
}

TEST_F(SignallingTest, Queued182IsRelayedAs182) {
  route(gateway("gw1", "1"));
  b(0).ring(182);
  ASSERT_EQ(a->provisionals.size(), 1u);
  EXPECT_EQ(a->provisionals[0].first, 182);
}

TEST_F(SignallingTest, IgnoreRingReadySendsNo180) {
  route(gateway("gw1", "1", vars({{"ignore_ring_ready", "true"}})));
  b(0).ring();
  EXPECT_TRUE(a->provisionals.empty());
  b(0).answer();
  EXPECT_TRUE(a->answered);
}

TEST_F(SignallingTest, EarlyMediaIsRelayedAs183WithBsSdp) {
  route(gateway("gw1", "1"));
  b(0).ring();
  b(0).early("b-early-sdp");
  ASSERT_EQ(a->provisionals.size(), 2u);
  EXPECT_EQ(a->provisionals[1].first, 183);
  ASSERT_TRUE(a->provisionals[1].second);
  EXPECT_EQ(a->provisionals[1].second->payload, "b-early-sdp");
  b(0).answer("b-final-sdp");
  ASSERT_TRUE(a->answered);
  EXPECT_EQ(a->answered->value().payload, "b-final-sdp");
}

TEST_F(SignallingTest, Ringing180WithSdpIsEarlyMedia) {
  route(gateway("gw1", "1"));
  b(0).early("sdp180", 180);
  ASSERT_EQ(a->provisionals.size(), 1u);
  EXPECT_EQ(a->provisionals[0].first, 183);
  EXPECT_EQ(call->state(), Call::State::EarlyMedia);
}

TEST_F(SignallingTest, IgnoreEarlyMediaSends180WithoutSdpAndOnlyAnAnswerWins) {
  route(dialstring_decision("{ignore_early_media=true}sofia/gateway/gw1/1,sofia/gateway/gw2/1"));
  b(0).early();
  b(1).early();
  ASSERT_EQ(a->provisionals.size(), 1u);
  EXPECT_EQ(a->provisionals[0].first, 180);
  EXPECT_FALSE(a->provisionals[0].second);
  EXPECT_EQ(call->state(), Call::State::Originating);
  EXPECT_FALSE(b(0).cancelled());
  b(1).answer();
  EXPECT_EQ(b(0).cancels, std::vector<std::string>{kLoseRace});
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(SignallingTest, IgnoreEarlyMediaKeepsFailover) {
  route(dialstring_decision("{ignore_early_media=true}sofia/gateway/gw1/1|sofia/gateway/gw2/1"));
  b(0).early();
  b(0).fail(486);
  ASSERT_EQ(sip.legs.size(), 2u);
}

TEST_F(SignallingTest, IgnoreEarlyMediaRingReadyStopsEarlyWins) {
  route(gateway("gw1", "1", vars({{"ignore_early_media", "ring_ready"}})));
  b(0).early();
  EXPECT_EQ(call->state(), Call::State::Originating);
}

TEST_F(SignallingTest, IgnoreEarlyMediaConsumeStopsEarlyWins) {
  route(gateway("gw1", "1", vars({{"ignore_early_media", "consume"}})));
  b(0).early();
  EXPECT_EQ(call->state(), Call::State::Originating);
}

TEST_F(SignallingTest, BridgeEarlyMediaStopsEarlyWins) {
  route(gateway("gw1", "1", vars({{"bridge_early_media", "true"}})));
  b(0).early();
  EXPECT_EQ(call->state(), Call::State::Originating);
}

TEST_F(SignallingTest, IgnoreEarlyMediaFromTheALegWhitelist) {
  settings.defaults = vars({{"ignore_early_media", "true"}});
  route(gateway("gw1", "1"));
  b(0).early();
  EXPECT_EQ(call->state(), Call::State::Originating);
}

TEST_F(SignallingTest, NotificationsRingProgressAnswerOnceInOrder) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/1"));
  timers.advance_s(1);
  b(0).ring();
  b(1).ring();
  timers.advance_s(1);
  b(0).early();
  timers.advance_s(3);
  b(0).answer();
  EXPECT_EQ(observer.kinds(), (std::vector<Progress>{Progress::Ring, Progress::EarlyMedia, Progress::Answer}));
  EXPECT_EQ(observer.progress[0].second.uuid, "uuid-1");
  EXPECT_EQ(observer.progress[0].second.route.url, settings.route.url);
  ASSERT_TRUE(observer.progress[2].second.answer);
  EXPECT_TRUE(observer.hangups.empty());
}

TEST_F(SignallingTest, HangupRecordHasEveryField) {
  route(gateway("gw1", "1"));
  const auto t0 = timers.wall_now();
  timers.advance_s(2);
  b(0).ring();
  timers.advance_s(3);
  b(0).answer();
  timers.advance_s(10);
  b(0).bye();
  const auto& r = record();
  EXPECT_EQ(r.uuid, "uuid-1");
  EXPECT_EQ(r.route, settings.route);
  EXPECT_EQ(r.caller_id_number, "1001");
  EXPECT_EQ(r.caller_id_name, "Alice");
  EXPECT_EQ(r.destination_number, "2000");
  EXPECT_EQ(r.start, t0);
  ASSERT_TRUE(r.progress);
  EXPECT_EQ(*r.progress, t0 + std::chrono::seconds(2));
  ASSERT_TRUE(r.answer);
  EXPECT_EQ(*r.answer, t0 + std::chrono::seconds(5));
  EXPECT_EQ(r.end, t0 + std::chrono::seconds(15));
  EXPECT_EQ(r.cause, HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(r.sip_term_status, 200);
  EXPECT_EQ(r.dialed, "sofia/gateway/gw1/1");
  EXPECT_EQ(r.hangup_by, HangupBy::Callee);
  EXPECT_EQ(finished, 1);
}

TEST_F(SignallingTest, FailedCallRecordHasTheFinalStatusAndLastAttempt) {
  route(dialstring_decision("sofia/gateway/gw1/1|sofia/gateway/gw2/1"));
  b(0).fail(503);
  b(1).fail(404);
  const auto& r = record();
  EXPECT_EQ(r.sip_term_status, 404);
  EXPECT_EQ(r.dialed, "sofia/gateway/gw2/1");
  EXPECT_FALSE(r.answer);
  EXPECT_FALSE(r.progress);
}

TEST_F(SignallingTest, WinnerIsTheDialedLegNotTheLastAttempt) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/1"));
  b(0).answer();
  call->on_caller_bye(std::nullopt);
  EXPECT_EQ(record().dialed, "sofia/gateway/gw1/1");
}

TEST_F(SignallingTest, NothingAfterDone) {
  route(gateway("gw1", "1"));
  b(0).fail(486);
  ASSERT_TRUE(done());
  call->on_caller_cancel();
  call->on_caller_bye(std::nullopt);
  call->on_caller_reinvite(sdp("x"));
  timers.advance_s(3600);
  EXPECT_EQ(finished, 1);
  EXPECT_EQ(observer.hangups.size(), 1u);
  EXPECT_EQ(a->refusals.size(), 1u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(SignallingTest, EveryTimerStopsWhenTheCallEnds) {
  route(dialstring_decision("{progress_timeout=20}[leg_timeout=30,leg_progress_timeout=25]sofia/gateway/gw1/1",
                            vars({{"bridge_answer_timeout", "40"}})));
  EXPECT_GT(timers.pending(), 0u);
  call->on_caller_cancel();
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(b(0).cancels, std::vector<std::string>{R"(SIP;cause=487;text="ORIGINATOR_CANCEL")"});
}

}  // namespace
}  // namespace ctib::call::testing
