// Anchored calls (docs/media.md) with a fake MediaPort: the relay's offer
// goes to the B legs, the winner's answer and early media through the relay
// to A, re-INVITEs both ways, delete on every end, and the relay failing.
#include <gtest/gtest.h>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

class FakeMedia final : public MediaPort {
 public:
  struct Pending {
    MediaStep step;
    std::function<void(MediaResult)> done;
    std::shared_ptr<bool> cancelled = std::make_shared<bool>(false);
  };
  class Handle final : public Cancellable {
   public:
    explicit Handle(std::shared_ptr<bool> c) : c_(std::move(c)) {}
    void cancel() override { *c_ = true; }
    ~Handle() override { *c_ = true; }

   private:
    std::shared_ptr<bool> c_;
  };

  std::unique_ptr<Cancellable> exchange(const MediaStep& step,
                                        std::function<void(MediaResult)> done) override {
    steps.push_back(Pending{step, std::move(done)});
    return std::make_unique<Handle>(steps.back().cancelled);
  }
  void release(const std::string& call_id) override { released.push_back(call_id); }
  std::unique_ptr<Cancellable> activity(const std::string& /*call_id*/,
                                        std::function<void(ActivityResult)> done) override {
    queries.push_back(std::move(done));
    return std::make_unique<Handle>(std::make_shared<bool>(false));
  }
  std::vector<std::function<void(ActivityResult)>> queries;
  std::unique_ptr<Cancellable> play(const std::string& /*call_id*/, const std::string& tag,
                                    const std::string& file, std::function<void(PlayResult)> done) override {
    plays.push_back(Play{tag, file, std::move(done)});
    return std::make_unique<Handle>(plays.back().cancelled);
  }
  void stop_playing(const std::string& /*call_id*/, const std::string& tag) override {
    stopped.push_back(tag);
  }
  struct Play {
    std::string tag;
    std::string file;
    std::function<void(PlayResult)> done;
    std::shared_ptr<bool> cancelled = std::make_shared<bool>(false);
  };
  std::vector<Play> plays;
  std::vector<std::string> stopped;

  // Answers the last step the relay's way: "relay(<sdp>)".
  void ok() {
    auto& p = steps.back();
    ASSERT_FALSE(*p.cancelled);
    p.done("relay(" + p.step.sdp + ")");
  }
  void fail(MediaFailureKind kind = MediaFailureKind::unreachable) {
    auto& p = steps.back();
    ASSERT_FALSE(*p.cancelled);
    p.done(base::unexpected(MediaFailure{kind, "no answer"}));
  }
  std::vector<Pending> steps;
  std::vector<std::string> released;
};

class MediaTest : public CallHarness {
 protected:
  MediaTest() {
    settings.media.anchor = true;
    settings.media.transcode = {"PCMU", "PCMA"};
    media = &fake;
  }
  // The call (a base member) goes before the fake it may still release to.
  ~MediaTest() override { call.reset(); }
  FakeMedia fake;
};

TEST_F(MediaTest, OffersThroughTheRelayBeforeDialling) {
  route(gateway("gw1", "1"));
  EXPECT_EQ(call->state(), Call::State::Routing);
  ASSERT_EQ(fake.steps.size(), 1u);
  const MediaStep& s = fake.steps[0].step;
  EXPECT_EQ(s.kind, MediaStep::Kind::offer);
  EXPECT_EQ(s.call_id, "uuid-1");
  EXPECT_EQ(s.from_tag, "a");
  EXPECT_EQ(s.sdp, kOfferSdp);
  EXPECT_EQ(s.transcode, (std::vector<std::string>{"PCMU", "PCMA"}));
  EXPECT_EQ(sip.legs.size(), 0u);
  fake.ok();
  ASSERT_EQ(sip.legs.size(), 1u);
  ASSERT_TRUE(b(0).invite.sdp);
  EXPECT_EQ(b(0).invite.sdp->payload, "relay(" + kOfferSdp + ")");
}

TEST_F(MediaTest, AnswerReachesTheCallerThroughTheRelay) {
  route(gateway("gw1", "1"));
  fake.ok();
  b(0).answer("b-sdp");
  EXPECT_EQ(call->state(), Call::State::Anchoring);
  EXPECT_FALSE(a->answered);
  ASSERT_EQ(fake.steps.size(), 2u);
  EXPECT_EQ(fake.steps[1].step.kind, MediaStep::Kind::answer);
  EXPECT_EQ(fake.steps[1].step.from_tag, "a");
  EXPECT_EQ(fake.steps[1].step.to_tag, "b");
  fake.ok();
  EXPECT_EQ(call->state(), Call::State::Answered);
  ASSERT_TRUE(a->answered && *a->answered);
  EXPECT_EQ((*a->answered)->payload, "relay(b-sdp)");
  call->on_caller_bye(std::nullopt);
  EXPECT_TRUE(done());
  EXPECT_EQ(fake.released, std::vector<std::string>{"uuid-1"});
}

TEST_F(MediaTest, EarlyMediaThenAnswer) {
  route(gateway("gw1", "1"));
  fake.ok();
  b(0).early("b-early");
  EXPECT_EQ(call->state(), Call::State::Anchoring);
  fake.ok();
  EXPECT_EQ(call->state(), Call::State::EarlyMedia);
  ASSERT_EQ(a->provisionals.size(), 1u);
  EXPECT_EQ(a->provisionals[0].first, 183);
  EXPECT_EQ(a->provisionals[0].second->payload, "relay(b-early)");
  b(0).answer("b-answer");
  fake.ok();
  EXPECT_EQ(call->state(), Call::State::Answered);
  EXPECT_EQ((*a->answered)->payload, "relay(b-answer)");
}

TEST_F(MediaTest, ReinvitesGoThroughOfferAndAnswerBothWays) {
  route(gateway("gw1", "1"));
  fake.ok();
  b(0).answer("b-sdp");
  fake.ok();
  call->on_caller_reinvite(sdp("a-hold"));
  ASSERT_EQ(fake.steps.size(), 3u);
  EXPECT_EQ(fake.steps[2].step.kind, MediaStep::Kind::offer);
  EXPECT_EQ(fake.steps[2].step.from_tag, "a");
  EXPECT_EQ(fake.steps[2].step.to_tag, "b");
  EXPECT_TRUE(b(0).reinvites.empty());
  fake.ok();
  ASSERT_EQ(b(0).reinvites.size(), 1u);
  EXPECT_EQ(b(0).reinvites[0].payload, "relay(a-hold)");
  const Body held = sdp("b-held");
  b(0).ev().on_reinvite_response(200, &held);
  ASSERT_EQ(fake.steps.size(), 4u);
  EXPECT_EQ(fake.steps[3].step.kind, MediaStep::Kind::answer);
  EXPECT_TRUE(a->reinvite_responses.empty());
  fake.ok();
  EXPECT_EQ(a->reinvite_responses, std::vector<int>{200});

  const Body resume = sdp("b-resume");
  b(0).ev().on_reinvite(resume);
  EXPECT_EQ(fake.steps.back().step.from_tag, "b");
  EXPECT_EQ(fake.steps.back().step.to_tag, "a");
  fake.ok();
  ASSERT_EQ(a->reinvites.size(), 1u);
  EXPECT_EQ(a->reinvites[0].payload, "relay(b-resume)");
  const Body a_answer = sdp("a-answer");
  call->on_caller_reinvite_response(200, &a_answer);
  fake.ok();
  EXPECT_EQ(b(0).reinvite_responses, std::vector<int>{200});
}

TEST_F(MediaTest, RelayFailureOnTheOfferEndsTheCallWithTheConfiguredCause) {
  route(gateway("gw1", "1"));
  fake.fail();
  EXPECT_EQ(sip.legs.size(), 0u);
  ASSERT_EQ(a->refusals.size(), 1u);
  EXPECT_EQ(a->refusals[0].first, 502);
  EXPECT_EQ(record().cause, HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
  EXPECT_EQ(fake.released, std::vector<std::string>{"uuid-1"}) << "a late answer may have made a session";
}

TEST_F(MediaTest, FallbackBypassDialsWithTheCallersSdp) {
  settings.media.fallback_bypass = true;
  route(gateway("gw1", "1"));
  fake.fail();
  ASSERT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(b(0).invite.sdp->payload, kOfferSdp);
  EXPECT_EQ(fake.released.size(), 1u);
  b(0).answer("b-sdp");
  EXPECT_EQ(fake.steps.size(), 1u) << "bypassed: nothing more to the relay";
  EXPECT_EQ((*a->answered)->payload, "b-sdp");
}

TEST_F(MediaTest, RelayFailureOnTheAnswerEndsBothLegs) {
  route(gateway("gw1", "1"));
  fake.ok();
  b(0).answer("b-sdp");
  fake.fail(MediaFailureKind::refused);
  EXPECT_EQ(b(0).byes.size(), 1u);
  EXPECT_EQ(a->refusals[0].first, 502);
  EXPECT_EQ(record().cause, HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_TRUE(done());
  EXPECT_EQ(fake.released.size(), 1u);
}

TEST_F(MediaTest, CancelWhileTheOfferIsPendingCancelsItAndDeletes) {
  route(gateway("gw1", "1"));
  call->on_caller_cancel();
  EXPECT_TRUE(*fake.steps[0].cancelled);
  EXPECT_EQ(a->refusals[0].first, 487);
  EXPECT_EQ(fake.released.size(), 1u);
}

TEST_F(MediaTest, CancelWhileTheAnswerIsAnchoredByesB) {
  route(gateway("gw1", "1"));
  fake.ok();
  b(0).answer("b-sdp");
  call->on_caller_cancel();
  EXPECT_EQ(b(0).byes.size(), 1u);
  EXPECT_EQ(a->refusals[0].first, 487);
  EXPECT_EQ(record().cause, HangupCause::ORIGINATOR_CANCEL);
}

TEST_F(MediaTest, BypassMediaVariableKeepsPassThrough) {
  route(gateway("gw1", "1", vars({{"bypass_media", "true"}})));
  EXPECT_TRUE(fake.steps.empty());
  ASSERT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(b(0).invite.sdp->payload, kOfferSdp);
  b(0).answer("b-sdp");
  call->on_caller_bye(std::nullopt);
  EXPECT_TRUE(fake.released.empty());
}

TEST_F(MediaTest, SystemHangupDeletes) {
  route(gateway("gw1", "1"));
  fake.ok();
  b(0).answer("b-sdp");
  fake.ok();
  call->hangup(HangupCause::SYSTEM_SHUTDOWN);
  EXPECT_EQ(fake.released.size(), 1u);
}

TEST_F(MediaTest, DestroyingAnUnfinishedCallDeletes) {
  route(gateway("gw1", "1"));
  fake.ok();
  call.reset();
  EXPECT_EQ(fake.released.size(), 1u);
}

TEST_F(MediaTest, RtpTimeoutEndsTheCallWithMediaTimeout) {
  settings.media.rtp_timeout_sec = 5;
  route(gateway("gw1", "1"));
  fake.ok();
  b(0).answer("b-sdp");
  fake.ok();
  ASSERT_EQ(call->state(), Call::State::Answered);
  timers.advance_s(5);
  ASSERT_EQ(fake.queries.size(), 1u);
  fake.queries[0](MediaActivity{10, 10});
  EXPECT_EQ(call->state(), Call::State::Answered);
  timers.advance_s(5);
  ASSERT_EQ(fake.queries.size(), 2u);
  fake.queries[1](MediaActivity{10, 25});  // the caller sent nothing more
  EXPECT_TRUE(done());
  EXPECT_EQ(record().cause, HangupCause::MEDIA_TIMEOUT);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
  EXPECT_EQ(a->hangups.size(), 1u);
  EXPECT_EQ(b(0).byes.size(), 1u);
  EXPECT_EQ(fake.released.size(), 1u);
}

TEST_F(MediaTest, RtpTimeoutVariableOverridesAndAFailedQueryDoesNotEndTheCall) {
  settings.media.rtp_timeout_sec = 5;
  route(gateway("gw1", "1", vars({{"rtp_timeout_sec", "2"}})));
  fake.ok();
  b(0).answer("b-sdp");
  fake.ok();
  timers.advance_s(2);
  ASSERT_EQ(fake.queries.size(), 1u);
  fake.queries[0](base::unexpected(MediaFailure{MediaFailureKind::unreachable, "x"}));
  EXPECT_EQ(call->state(), Call::State::Answered);
  timers.advance_s(2);
  ASSERT_EQ(fake.queries.size(), 2u);
}

TEST_F(MediaTest, NoRtpTimeoutByDefault) {
  route(gateway("gw1", "1"));
  fake.ok();
  b(0).answer("b-sdp");
  fake.ok();
  timers.advance_s(3600);
  EXPECT_TRUE(fake.queries.empty());
}

// Recording (docs/media.md "Recording"): the call core only marks the
// record; engine/media's CallRecorder does the rest.
TEST_F(MediaTest, CtibRecordMarksAnAnchoredCallForRecordingAtTheAnswer) {
  route(gateway("gw1", "1", vars({{"ctib_record", "true"}})));
  fake.ok();
  b(0).answer("b-sdp");
  fake.ok();
  // The recorder starts rtpengine's recording on the answer report.
  ASSERT_FALSE(observer.progress.empty());
  EXPECT_EQ(observer.progress.back().first, Progress::Answer);
  EXPECT_TRUE(observer.progress.back().second.record);
  call->on_caller_bye(std::nullopt);
  EXPECT_TRUE(record().record);
}

TEST_F(MediaTest, RecordSessionOnAnswerAsksForRecordingToo) {
  route(gateway("gw1", "1", vars({{"execute_on_answer", "record_session $${recordings_dir}/x.wav"}})));
  fake.ok();
  b(0).answer("b-sdp");
  fake.ok();
  call->on_caller_bye(std::nullopt);
  EXPECT_TRUE(record().record);
}

TEST_F(MediaTest, NoRecordingUnlessAskedOrWhenNotAnchored) {
  route(gateway("gw1", "1", vars({{"ctib_record", "false"}, {"execute_on_answer", "sched_hangup +5"}})));
  fake.ok();
  b(0).answer("b-sdp");
  fake.ok();
  call->on_caller_bye(std::nullopt);
  EXPECT_FALSE(record().record);
}

TEST_F(MediaTest, APassThroughCallIsNotRecorded) {
  route(gateway("gw1", "1", vars({{"ctib_record", "true"}, {"bypass_media", "true"}})));
  b(0).answer("b-sdp");
  call->on_caller_bye(std::nullopt);
  EXPECT_FALSE(record().record);
}

// --- play_and_get_digits (digits.cpp, decision 0024) ----------------------

routing::RouteDecision digits_answer(int tries = 1) {
  digits::PlayAndGetDigits p;
  p.min_digits = 1;
  p.max_digits = 4;
  p.tries = tries;
  p.timeout = std::chrono::milliseconds(3000);
  p.digit_timeout = std::chrono::milliseconds(2000);
  p.file = "/prompt.wav";
  return routing::RouteDecision{{}, routing::PlayAndGetDigitsDial{p}};
}

using DigitsTest = MediaTest;

// Offer, stand-in answer, 183 with the relay's SDP, then the prompt plays.
void prompt_playing(FakeMedia& fake, const CallerLog& a) {
  ASSERT_EQ(fake.steps.size(), 1u);
  EXPECT_EQ(fake.steps[0].step.kind, MediaStep::Kind::offer);
  fake.ok();
  ASSERT_EQ(fake.steps.size(), 2u);
  const MediaStep& stand_in = fake.steps[1].step;
  EXPECT_EQ(stand_in.kind, MediaStep::Kind::answer);
  EXPECT_EQ(stand_in.to_tag, "b");
  fake.ok();
  ASSERT_EQ(a.provisionals.size(), 1u);
  EXPECT_EQ(a.provisionals[0].first, 183);
  ASSERT_FALSE(fake.plays.empty());
  EXPECT_EQ(fake.plays.back().tag, "a");
}

TEST_F(DigitsTest, DigitsGoToASecondRequestAndItsDialUsesTheRelaysOffer) {
  route(digits_answer());
  EXPECT_EQ(call->state(), Call::State::CollectingDigits);
  prompt_playing(fake, *a);
  EXPECT_EQ(fake.plays[0].file, "/prompt.wav");
  fake.plays[0].done(std::chrono::milliseconds(500));
  timers.advance(std::chrono::milliseconds(500));  // the prompt ended
  call->on_caller_digit('4');
  call->on_caller_digit('2');
  call->on_caller_digit('#');
  ASSERT_EQ(router.requests.size(), 2u);
  ASSERT_TRUE(router.requests[1].digits);
  EXPECT_EQ(*router.requests[1].digits, (routing::DigitsInfo{"ctib_digits", "42", "success"}));
  EXPECT_EQ(router.requests[1].uuid, "uuid-1");
  EXPECT_EQ(call->state(), Call::State::Routing);
  router.answer(gateway("gw1", "1"));
  ASSERT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(b(0).invite.sdp->payload, "relay(" + kOfferSdp + ")");
  EXPECT_EQ(fake.steps.size(), 2u) << "the offer made for the prompt is reused";
  b(0).answer("b-sdp");
  fake.ok();
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(DigitsTest, NoInputInEveryTryIsTimeout) {
  route(digits_answer(2));
  prompt_playing(fake, *a);
  fake.plays.back().done(std::chrono::milliseconds(100));
  timers.advance(std::chrono::milliseconds(100 + 3000));  // prompt, then no digit
  ASSERT_EQ(fake.plays.size(), 2u);                       // the second try
  fake.plays.back().done(std::chrono::milliseconds(100));
  timers.advance(std::chrono::milliseconds(100 + 3000));
  ASSERT_EQ(router.requests.size(), 2u);
  EXPECT_EQ(*router.requests[1].digits, (routing::DigitsInfo{"ctib_digits", "", "timeout"}));
}

TEST_F(DigitsTest, CallerGoneDuringThePromptEndsTheCallOnce) {
  route(digits_answer());
  prompt_playing(fake, *a);
  call->on_caller_cancel();
  EXPECT_TRUE(done());
  EXPECT_EQ(record().cause, HangupCause::ORIGINATOR_CANCEL);
  EXPECT_EQ(fake.released, std::vector<std::string>{"uuid-1"});
  EXPECT_TRUE(*fake.plays.back().cancelled);
  timers.advance(std::chrono::milliseconds(60000));
  EXPECT_EQ(router.requests.size(), 1u);
  EXPECT_EQ(observer.hangups.size(), 1u);
}

TEST_F(DigitsTest, AFailedSecondRequestFollowsTheRouteFailureRules) {
  route(digits_answer());
  prompt_playing(fake, *a);
  fake.plays.back().done(std::chrono::milliseconds(10));
  call->on_caller_digit('7');
  call->on_caller_digit('#');
  ASSERT_EQ(router.requests.size(), 2u);
  router.fail("connection refused");
  EXPECT_TRUE(done());
  EXPECT_EQ(a->refusals[0].first, 503);
  EXPECT_EQ(record().cause, HangupCause::NORMAL_TEMPORARY_FAILURE);
  EXPECT_EQ(fake.released, std::vector<std::string>{"uuid-1"});
}

TEST_F(DigitsTest, DtmfInfoFromTheCallerCounts) {
  route(digits_answer());
  prompt_playing(fake, *a);
  fake.plays.back().done(std::chrono::milliseconds(10));
  call->on_caller_info(Info{Body{"application/dtmf-relay", "Signal=9\r\nDuration=160\r\n"}, {}});
  call->on_caller_info(Info{Body{"application/dtmf", "#"}, {}});
  EXPECT_EQ(a->info_responses, (std::vector<int>{200, 200}));
  ASSERT_EQ(router.requests.size(), 2u);
  EXPECT_EQ(router.requests[1].digits->digits, "9");
}

TEST_F(DigitsTest, NotAnchoredEndsTheCall) {
  settings.media.anchor = false;
  route(digits_answer());
  EXPECT_TRUE(done());
  EXPECT_EQ(a->refusals[0].first, 502);
  EXPECT_EQ(record().cause, HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_TRUE(fake.steps.empty());
}

TEST_F(DigitsTest, TheSixthRoundEndsTheCall) {
  route(digits_answer());
  prompt_playing(fake, *a);
  for (int round = 1; round <= 5; ++round) {
    fake.plays.back().done(std::chrono::milliseconds(10));
    timers.advance(std::chrono::milliseconds(10 + 3000));
    ASSERT_EQ(router.requests.size(), static_cast<std::size_t>(round + 1));
    router.answer(digits_answer());
    if (round < 5) ASSERT_EQ(call->state(), Call::State::CollectingDigits);
  }
  EXPECT_TRUE(done());
  EXPECT_EQ(record().cause, HangupCause::EXCHANGE_ROUTING_ERROR);
  EXPECT_EQ(a->refusals[0].first, 483);
}

TEST_F(DigitsTest, APromptThatCannotPlayEndsTheCallWithTheFailureCause) {
  route(digits_answer());
  prompt_playing(fake, *a);
  fake.plays.back().done(base::unexpected(MediaFailure{MediaFailureKind::refused, "no such file"}));
  EXPECT_TRUE(done());
  EXPECT_EQ(record().cause, HangupCause::DESTINATION_OUT_OF_ORDER);
}

}  // namespace
}  // namespace ctib::call::testing
