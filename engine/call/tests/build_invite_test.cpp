#include "engine/call/build_invite.hpp"

#include <gtest/gtest.h>

#include "engine/call/tests/fakes.hpp"

namespace ctib::call {
namespace {

using testing::vars;

class BuildInvite : public ::testing::Test {
 protected:
  BuildInvite() {
    invite.from_display = "Alice";
    invite.from_user = "1001";
    invite.max_forwards = 70;
    invite.sdp = testing::sdp(testing::kOfferSdp);
    invite.custom_headers = {{"X-Tenant", "7"}, {"X-Trace", "a"}};
    target.profile = "external";
    target.request_uri.user = "100";
    target.request_uri.host = "gw.example";
    target.from_host = "192.0.2.1";
  }
  base::Expected<OutgoingInvite, InviteError> build() {
    return build_invite({invite, caller_vars, leg, leg.variables, target, "uuid-1"});
  }
  OutgoingInvite built() {
    auto r = build();
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    return r ? *r : OutgoingInvite{};
  }

  InboundInvite invite;
  variables::Variables caller_vars;
  dialstring::Leg leg;
  ResolvedTarget target;
};

TEST_F(BuildInvite, CallerIdFromTheCallersFrom) {
  auto out = built();
  EXPECT_EQ(out.from_display, "Alice");
  EXPECT_EQ(out.from_user, "1001");
  EXPECT_EQ(out.from_host, "192.0.2.1");
  EXPECT_EQ(out.call_uuid, "uuid-1");
}

TEST_F(BuildInvite, EffectiveCallerIdOfTheALegBeatsFrom) {
  caller_vars = vars({{"effective_caller_id_number", "555"}, {"effective_caller_id_name", "Eff"}});
  auto out = built();
  EXPECT_EQ(out.from_user, "555");
  EXPECT_EQ(out.from_display, "Eff");
}

TEST_F(BuildInvite, OriginationCallerIdWinsAndLegBracketsBeatBraces) {
  caller_vars = vars({{"effective_caller_id_number", "555"}});
  leg.variables = vars({{"origination_caller_id_number", "from-braces"}, {"origination_caller_id_name", "N"}});
  leg.leg_vars = vars({{"origination_caller_id_number", "from-brackets"}});
  auto out = built();
  EXPECT_EQ(out.from_user, "from-brackets");
  EXPECT_EQ(out.from_display, "N");
}

TEST_F(BuildInvite, GatewayWithoutCallerIdInFromUsesItsFromUser) {
  target.gateway = "gw1";
  target.caller_id_in_from = false;
  target.from_user = "trunkuser";
  target.from_host = "gw.example";
  leg.variables = vars({{"origination_caller_id_number", "123"}});
  auto out = built();
  EXPECT_EQ(out.from_user, "trunkuser");
  EXPECT_EQ(out.from_host, "gw.example");
  EXPECT_EQ(out.from_display, "Alice");  // the display name is still the caller id name
}

TEST_F(BuildInvite, SipInviteDomainSetsTheFromHost) {
  leg.variables = vars({{"sip_invite_domain", "pbx.example"}});
  EXPECT_EQ(built().from_host, "pbx.example");
}

TEST_F(BuildInvite, SofiaSessionTimeoutSetsTheLegsSessionExpires) {
  EXPECT_FALSE(built().session_timeout.has_value());  // the profile's
  leg.variables = vars({{"sofia_session_timeout", "600"}});
  EXPECT_EQ(built().session_timeout, 600u);
  leg.variables = vars({{"sofia_session_timeout", "0"}});
  EXPECT_EQ(built().session_timeout, 0u);  // no timer on this leg
  leg.variables = vars({{"sofia_session_timeout", "soon"}});
  EXPECT_FALSE(built().session_timeout.has_value());
  leg.variables = vars({{"sofia_session_timeout", "-5"}});
  EXPECT_FALSE(built().session_timeout.has_value());
}

TEST_F(BuildInvite, SipHHeadersThenTheCallersCustomHeaders) {
  leg.variables = vars({{"sip_h_X-Call-Type", "vn"}, {"sip_h_X-Tenant", "9"}, {"other", "x"}});
  auto out = built();
  const std::vector<SipHeader> want{{"X-Call-Type", "vn"}, {"X-Tenant", "9"}, {"X-Trace", "a"}};
  EXPECT_EQ(out.headers, want);
}

TEST_F(BuildInvite, CustomHeadersNotCopiedWithSipCopyCustomHeadersFalse) {
  caller_vars = vars({{"sip_copy_custom_headers", "false"}});
  leg.variables = vars({{"sip_h_X-A", "1"}});
  const std::vector<SipHeader> want{{"X-A", "1"}};
  EXPECT_EQ(built().headers, want);
}

TEST_F(BuildInvite, MaxForwardsDecrements) {
  invite.max_forwards = 10;
  EXPECT_EQ(built().max_forwards, 9);
}

TEST_F(BuildInvite, MaxForwardsExhaustedIsExchangeRoutingError) {
  invite.max_forwards = 1;
  auto r = build();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().cause, causes::HangupCause::EXCHANGE_ROUTING_ERROR);
}

TEST_F(BuildInvite, SdpPassesThroughUnchangedWithoutCodecString) {
  EXPECT_EQ(built().sdp, invite.sdp);
}

TEST_F(BuildInvite, AbsoluteCodecStringNarrowsTheOffer) {
  leg.variables = vars({{"absolute_codec_string", "PCMA"}});
  auto out = built();
  ASSERT_TRUE(out.sdp);
  EXPECT_NE(out.sdp->payload.find("m=audio 4000 RTP/AVP 8 101\r\n"), std::string::npos);
  EXPECT_EQ(out.sdp->payload.find("PCMU"), std::string::npos);
  EXPECT_EQ(out.sdp->content_type, "application/sdp");
}

TEST_F(BuildInvite, NoCommonCodecIsIncompatibleDestination) {
  leg.variables = vars({{"absolute_codec_string", "G729"}});
  auto r = build();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().cause, causes::HangupCause::INCOMPATIBLE_DESTINATION);
}

TEST_F(BuildInvite, LateOfferSendsNoSdp) {
  invite.sdp.reset();
  leg.variables = vars({{"absolute_codec_string", "G729"}});
  EXPECT_FALSE(built().sdp.has_value());
}

}  // namespace
}  // namespace ctib::call
