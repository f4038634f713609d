// The routing request and what the call does with each kind of answer
// (cti-bridge-protocol §3).
#include <gtest/gtest.h>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call::testing {
namespace {

using RoutingTest = CallHarness;

TEST_F(RoutingTest, StartSendsTheRoutingQuery) {
  start();
  ASSERT_EQ(router.requests.size(), 1u);
  EXPECT_EQ(router.requests[0].uuid, "uuid-1");
  EXPECT_EQ(router.requests[0].route, settings.route);
  EXPECT_EQ(call->state(), Call::State::Routing);
  EXPECT_TRUE(sip.legs.empty());
}

TEST_F(RoutingTest, GatewayDialPlacesOneInviteThroughTheGateway) {
  route(gateway("gw1", "13800138000"));
  ASSERT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(b(0).invite.target.gateway, "gw1");
  EXPECT_EQ(b(0).invite.target.request_uri.user, "13800138000");
  EXPECT_EQ(call->state(), Call::State::Originating);
}

TEST_F(RoutingTest, UserDialRingsEveryContactOfASingleUser) {
  resolver.contacts["1000"] = 2;
  route(routing::RouteDecision{{}, routing::UserDial{"1000", "2000"}});
  ASSERT_EQ(sip.legs.size(), 2u);
  EXPECT_EQ(b(0).invite.target.request_uri.host, "10.0.0.1");
  EXPECT_EQ(b(1).invite.target.request_uri.host, "10.0.0.2");
  EXPECT_EQ(b(0).invite.target.to_user, "2000");
}

TEST_F(RoutingTest, UserInAForkedDialRingsOnlyItsFirstContact) {
  resolver.contacts["1000"] = 3;
  route(dialstring_decision("user/1000,sofia/gateway/gw1/1"));
  ASSERT_EQ(sip.legs.size(), 2u);
  EXPECT_EQ(b(0).invite.target.request_uri.host, "10.0.0.1");
  EXPECT_EQ(b(1).invite.target.gateway, "gw1");
}

TEST_F(RoutingTest, IpDialLeavesFromTheNamedProfile) {
  route(routing::RouteDecision{{}, routing::IpDial{"192.0.2.10", 5070, "", "158", "external"}});
  ASSERT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(b(0).invite.target.profile, "external");
  EXPECT_EQ(b(0).invite.target.request_uri.user, "158");
  EXPECT_EQ(b(0).invite.target.request_uri.port, 5070);
}

TEST_F(RoutingTest, DialstringDialFollowsTheParsedPlan) {
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/2"));
  ASSERT_EQ(sip.legs.size(), 2u);
  EXPECT_EQ(b(0).invite.target.gateway, "gw1");
  EXPECT_EQ(b(1).invite.target.gateway, "gw2");
}

TEST_F(RoutingTest, AnswerVariablesAreSetOnTheALegOverProfileDefaults) {
  settings.defaults = vars({{"call_timeout", "30"}, {"keep", "yes"}});
  route(gateway("gw1", "1", vars({{"call_timeout", "20"}, {"origination_caller_id_number", "123"}})));
  EXPECT_EQ(call->variables().get("call_timeout"), "20");
  EXPECT_EQ(call->variables().get("keep"), "yes");
  EXPECT_EQ(b(0).invite.from_user, "trunkuser");  // gateway From rules
  timers.advance_s(19);
  EXPECT_FALSE(b(0).cancelled());
  timers.advance_s(1);
  EXPECT_TRUE(b(0).cancelled());
}

TEST_F(RoutingTest, HangupWithCauseRefusesWithTheCausesSipStatus) {
  route(routing::RouteDecision{{}, routing::HangupDial{HangupCause::USER_BUSY, std::nullopt}});
  EXPECT_TRUE(sip.legs.empty());
  EXPECT_EQ(a->refused_status(), 486);
  EXPECT_EQ(a->refused_reason(), R"(Q.850;cause=17;text="USER_BUSY")");
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
  EXPECT_EQ(record().sip_term_status, 486);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
  EXPECT_TRUE(done());
}

TEST_F(RoutingTest, HangupWithSipcodeSendsItAndRecordsTheCause) {
  route(routing::RouteDecision{{}, routing::HangupDial{HangupCause::NORMAL_CLEARING, 500}});
  EXPECT_EQ(a->refused_status(), 500);
  EXPECT_EQ(record().cause, HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(record().sip_term_status, 500);
}

TEST_F(RoutingTest, HangupWithSipcodeOnlyRecordsItsCause) {
  route(routing::RouteDecision{{}, routing::HangupDial{std::nullopt, 404}});
  EXPECT_EQ(a->refused_status(), 404);
  EXPECT_EQ(record().cause, HangupCause::UNALLOCATED_NUMBER);
}

TEST_F(RoutingTest, RoutingFailureEndsWith503ByDefaultAndLogsTheProblem) {
  start();
  router.fail("connect refused");
  EXPECT_EQ(a->refused_status(), 503);
  EXPECT_EQ(record().cause, HangupCause::NORMAL_TEMPORARY_FAILURE);
  EXPECT_EQ(record().hangup_by, HangupBy::System);
  ASSERT_FALSE(logs.empty());
  // The per-call sink names the call (libs/logging/call_log.hpp); the line says what failed.
  EXPECT_TRUE(logs[0].starts_with("routing via ")) << logs[0];
  EXPECT_NE(logs[0].find("connect refused"), std::string::npos);
  EXPECT_TRUE(done());
}

TEST_F(RoutingTest, RoutingFailureWithConfiguredCause) {
  settings.route_failure.cause = HangupCause::USER_BUSY;
  start();
  router.fail("timeout");
  EXPECT_EQ(a->refused_status(), 486);
}

TEST_F(RoutingTest, RoutingFailureAsksTheFallbackRouteOnce) {
  routing::RouteConfig fallback;
  fallback.url = "http://fallback.example/cti";
  settings.route_failure.fallback_route = fallback;
  start();
  router.fail("HTTP 500");
  ASSERT_EQ(router.requests.size(), 2u);
  EXPECT_EQ(router.requests[1].route.url, fallback.url);
  router.fail("HTTP 500 again");
  EXPECT_EQ(router.requests.size(), 2u);
  EXPECT_EQ(a->refused_status(), 503);
  EXPECT_EQ(record().route.url, fallback.url);
}

TEST_F(RoutingTest, FallbackRouteAnswerIsDialled) {
  routing::RouteConfig fallback;
  fallback.url = "http://fallback.example/cti";
  settings.route_failure.fallback_route = fallback;
  start();
  router.fail("not JSON");
  router.answer(gateway("gw9", "1"));
  ASSERT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(b(0).invite.target.gateway, "gw9");
}

TEST_F(RoutingTest, RoutingFailureDialsTheFallbackDialString) {
  auto plan = dialstring::parse("sofia/gateway/backup/100");
  ASSERT_TRUE(plan.has_value());
  settings.route_failure.fallback_dial = RouteFailureAction::Dial{"sofia/gateway/backup/100", *plan};
  start();
  router.fail("timeout");
  ASSERT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(b(0).invite.target.gateway, "backup");
  b(0).answer();
  EXPECT_EQ(call->state(), Call::State::Answered);
}

TEST_F(RoutingTest, CallerCancelDuringRoutingCancelsTheRequest) {
  start();
  call->on_caller_cancel();
  EXPECT_TRUE(*router.requests[0].cancelled);
  EXPECT_EQ(a->refused_status(), 487);
  EXPECT_EQ(record().cause, HangupCause::ORIGINATOR_CANCEL);
  EXPECT_EQ(record().hangup_by, HangupBy::Caller);
  EXPECT_EQ(record().sip_term_status, 487);
  EXPECT_TRUE(done());
  call->on_caller_cancel();  // a retransmitted CANCEL changes nothing
  EXPECT_EQ(a->refusals.size(), 1u);
  EXPECT_EQ(observer.hangups.size(), 1u);
}

TEST_F(RoutingTest, CancelBeforeStartReportsNoHangup) {
  make();
  call->on_caller_cancel();
  EXPECT_EQ(a->refused_status(), 487);
  EXPECT_TRUE(observer.hangups.empty());
  EXPECT_EQ(finished, 1);
}

TEST_F(RoutingTest, UnknownGatewayFailsAtCreationWithoutSip) {
  resolver.failing["nogw"] = HangupCause::INVALID_GATEWAY;
  route(gateway("nogw", "1"));
  EXPECT_TRUE(sip.legs.empty());
  EXPECT_EQ(a->refused_status(), 484);
  EXPECT_EQ(record().cause, HangupCause::INVALID_GATEWAY);
  EXPECT_EQ(record().dialed, "sofia/gateway/nogw/1");
}

TEST_F(RoutingTest, GatewayDownIs503AndFailoverMovesOn) {
  resolver.failing["down"] = HangupCause::GATEWAY_DOWN;
  route(dialstring_decision("sofia/gateway/down/1|sofia/gateway/up/1"));
  ASSERT_EQ(sip.legs.size(), 1u);
  EXPECT_EQ(b(0).invite.target.gateway, "up");
}

TEST_F(RoutingTest, ErrorEndpointFailsWithItsCause) {
  route(dialstring_decision("error/USER_BUSY"));
  EXPECT_TRUE(sip.legs.empty());
  EXPECT_EQ(a->refused_status(), 486);
  EXPECT_EQ(record().cause, HangupCause::USER_BUSY);
}

TEST_F(RoutingTest, AllCreationFailuresGiveTheLastCreationCause) {
  route(dialstring_decision("error/USER_BUSY,error/CALL_REJECTED"));
  EXPECT_EQ(a->refused_status(), 603);
  EXPECT_EQ(record().cause, HangupCause::CALL_REJECTED);
}

TEST_F(RoutingTest, UnknownProfileFromTheSipPortIsInvalidProfile) {
  sip.failing_profiles["nope"] = HangupCause::INVALID_PROFILE;
  route(routing::RouteDecision{{}, routing::IpDial{"192.0.2.10", std::nullopt, "", "1", "nope"}});
  EXPECT_EQ(a->refused_status(), 502);
  EXPECT_EQ(record().cause, HangupCause::INVALID_PROFILE);
}

TEST_F(RoutingTest, MaxForwardsExhaustedIs483WithoutSip) {
  invite.max_forwards = 1;
  route(gateway("gw1", "1"));
  EXPECT_TRUE(sip.legs.empty());
  EXPECT_EQ(a->refused_status(), 483);
  EXPECT_EQ(record().cause, HangupCause::EXCHANGE_ROUTING_ERROR);
}

TEST_F(RoutingTest, NoCommonCodecIs488WithoutSip) {
  route(gateway("gw1", "1", vars({{"absolute_codec_string", "G729"}})));
  EXPECT_TRUE(sip.legs.empty());
  EXPECT_EQ(a->refused_status(), 488);
  EXPECT_EQ(record().cause, HangupCause::INCOMPATIBLE_DESTINATION);
}

TEST_F(RoutingTest, InviteCarriesCallerIdHeadersAndFilteredSdp) {
  resolver.caller_id_in_from = true;
  route(gateway("gw1", "1",
                vars({{"origination_caller_id_number", "4000"}, {"sip_h_X-Biz", "vn"},
                      {"absolute_codec_string", "PCMA"}})));
  ASSERT_EQ(sip.legs.size(), 1u);
  const auto& inv = b(0).invite;
  EXPECT_EQ(inv.from_user, "4000");
  EXPECT_EQ(inv.from_display, "Alice");
  EXPECT_EQ(inv.max_forwards, 69);
  const std::vector<SipHeader> want{{"X-Biz", "vn"}, {"X-Tenant", "7"}};
  EXPECT_EQ(inv.headers, want);
  ASSERT_TRUE(inv.sdp);
  EXPECT_NE(inv.sdp->payload.find("m=audio 4000 RTP/AVP 8 101"), std::string::npos);
  EXPECT_EQ(inv.call_uuid, "uuid-1");
}

TEST_F(RoutingTest, LegLimitFailsFurtherLegsWithSwitchCongestion) {
  settings.limits.max_legs = 1;
  route(dialstring_decision("sofia/gateway/gw1/1,sofia/gateway/gw2/1"));
  EXPECT_EQ(sip.legs.size(), 1u);
  b(0).fail(486);
  EXPECT_EQ(a->refused_status(), 486);
}

}  // namespace
}  // namespace ctib::call::testing
