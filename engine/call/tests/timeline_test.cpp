// The call timeline (bounded, newest kept) and the admin view of a call.
#include "engine/call/timeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

using std::chrono::milliseconds;

TEST(Timeline, OffsetsAreFromTheOrigin) {
  const auto origin = std::chrono::system_clock::time_point{} + std::chrono::hours(1);
  Timeline t(origin);
  t.add(origin + milliseconds(15), TimelineKind::route_request, "http://x/cti");
  t.add(origin - milliseconds(3), TimelineKind::sip_in, "clock stepped back");
  ASSERT_EQ(t.entries().size(), 2u);
  EXPECT_EQ(t.entries()[0].at, milliseconds(15));
  EXPECT_EQ(t.entries()[0].kind, TimelineKind::route_request);
  EXPECT_EQ(t.entries()[1].at, milliseconds(0));
  EXPECT_EQ(name(TimelineKind::notify_result), "notify_result");
}

TEST(Timeline, FullKeepsTheFirstEntriesAndTheNewest) {
  const auto origin = std::chrono::system_clock::time_point{};
  Timeline t(origin);
  for (std::size_t i = 0; i < Timeline::kCapacity + 10; ++i) {
    t.add(origin + milliseconds(i), TimelineKind::sip_in, std::to_string(i));
  }
  t.add(origin + milliseconds(500), TimelineKind::hangup, "NORMAL_CLEARING");
  ASSERT_EQ(t.entries().size(), Timeline::kCapacity);
  EXPECT_EQ(t.dropped(), 11u);
  EXPECT_EQ(t.entries()[Timeline::kCapacity - 2].detail, std::to_string(Timeline::kCapacity - 2));
  EXPECT_EQ(t.entries().back().kind, TimelineKind::hangup);
  EXPECT_EQ(t.entries().back().at, milliseconds(500));
}

TEST(Timeline, DisabledRecordsNothing) {
  Timeline t(std::chrono::system_clock::time_point{}, false);
  t.add(std::chrono::system_clock::time_point{}, TimelineKind::sip_in, "INVITE");
  EXPECT_FALSE(t.enabled());
  EXPECT_TRUE(t.entries().empty());
  EXPECT_EQ(t.entries().capacity(), 0u);
}

using CallViewTest = CallHarness;

TEST_F(CallViewTest, NoTimelineWhenSettingsSayNone) {
  settings.timeline = false;
  start();
  router.answer(gateway("gw1", "1"));
  b(0).fail(486);
  const CallView v = call->view(true);
  EXPECT_EQ(v.state, "ended");
  EXPECT_TRUE(v.timeline.empty());
  EXPECT_EQ(v.target, "sofia/gateway/gw1/1");  // the summary is still there
}

bool has(const CallView& v, TimelineKind kind, std::string_view part) {
  return std::any_of(v.timeline.begin(), v.timeline.end(), [&](const TimelineEntry& e) {
    return e.kind == kind && e.detail.find(part) != std::string::npos;
  });
}

TEST_F(CallViewTest, RoutingCallHasNoTargetAndNoLatency) {
  start();
  const CallView v = call->view(true);
  EXPECT_EQ(v.uuid, "uuid-1");
  EXPECT_EQ(v.state, "routing");
  EXPECT_EQ(v.caller, "1001");
  EXPECT_EQ(v.callee, "2000");
  EXPECT_EQ(v.caller_ip, "192.0.2.5");
  EXPECT_EQ(v.sip_call_id, "abc@192.0.2.5");
  EXPECT_FALSE(v.target);
  EXPECT_FALSE(v.routing_ms);
  EXPECT_TRUE(has(v, TimelineKind::sip_in, "INVITE abc@192.0.2.5"));
  EXPECT_TRUE(has(v, TimelineKind::route_request, "http://route.example/cti"));
  EXPECT_TRUE(call->view(false).timeline.empty());
}

TEST_F(CallViewTest, AnsweredThenKilledCallTellsItsStory) {
  start();
  timers.advance(milliseconds(40));
  router.answer(gateway("gw1", "13800138000"));
  b(0).ring();
  b(0).answer();
  CallView up = call->view(false);
  EXPECT_EQ(up.state, "answered");
  EXPECT_EQ(up.target, "sofia/gateway/gw1/13800138000");
  EXPECT_EQ(up.routing_ms, milliseconds(40));
  ASSERT_TRUE(up.answered_at);
  EXPECT_FALSE(up.hangup_cause);

  call->hangup(causes::HangupCause::CALL_REJECTED);
  const CallView v = call->view(true);
  EXPECT_EQ(v.state, "ended");
  EXPECT_EQ(v.hangup_cause, causes::HangupCause::CALL_REJECTED);
  EXPECT_EQ(v.sip_status, 200);
  EXPECT_TRUE(has(v, TimelineKind::route_answer, "gateway gw1"));
  EXPECT_TRUE(has(v, TimelineKind::leg, "INVITE"));
  EXPECT_TRUE(has(v, TimelineKind::sip_in, "180"));
  EXPECT_TRUE(has(v, TimelineKind::sip_out, "200"));
  EXPECT_TRUE(has(v, TimelineKind::sip_out, "BYE CALL_REJECTED"));
  EXPECT_TRUE(has(v, TimelineKind::notify, "answer"));
  EXPECT_TRUE(has(v, TimelineKind::hangup, "CALL_REJECTED sip 200 by system"));
  EXPECT_EQ(v.timeline.back().kind, TimelineKind::notify);
}

TEST_F(CallViewTest, RoutingFailureIsOnTheTimeline) {
  start();
  router.fail("HTTP 500");
  const CallView v = call->view(true);
  EXPECT_EQ(v.state, "ended");
  EXPECT_TRUE(has(v, TimelineKind::route_failure, "HTTP 500"));
  EXPECT_TRUE(has(v, TimelineKind::sip_out, "503"));
}

// Issue 14: an offer lost between the legs left no trace anywhere.
TEST_F(CallViewTest, RelayedOffersAndSessionExpiryAreOnTheTimeline) {
  start();
  router.answer(gateway("gw1", "1"));
  b(0).answer();
  call->on_caller_reinvite(sdp("hold"));
  b(0).ev().on_reinvite_response(481, nullptr);
  b(0).ev().on_session_expired();
  const CallView v = call->view(true);
  EXPECT_TRUE(has(v, TimelineKind::sip_in, "offer from caller"));
  EXPECT_TRUE(has(v, TimelineKind::sip_out, "offer answer 500 to caller (callee 481)"));
  EXPECT_TRUE(has(v, TimelineKind::sip_in, "session timer expired"));
  EXPECT_TRUE(has(v, TimelineKind::hangup, "RECOVERY_ON_TIMER_EXPIRE sip 200 by system"));
}

}  // namespace
}  // namespace ctib::call::testing
