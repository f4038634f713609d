// Inbound legs over real SIP: SIPp calls a Profile, a test handler answers.

#include <gtest/gtest.h>

#include "engine/sip/tests/fixture.hpp"

namespace ctib::sip::test {
namespace {

void answered_call_then_remote_bye(const std::string& transport) {
  TestLoop loop;
  InboundRecorder handler(InviteAction::answer);
  auto profile = make_profile(loop, handler);
  ASSERT_TRUE(profile);
  {
    Sipp sipp(uac_options("uac.xml", profile_address(*profile), transport));
    expect_sipp_success(loop, sipp);
  }
  ASSERT_TRUE(loop.run_until([&] { return handler.terminated(); }));
  EXPECT_EQ(handler.events, (std::vector<std::string>{"invite", "ack", "bye", "terminated"}));
  ASSERT_TRUE(handler.bye_reason.has_value());
  EXPECT_EQ(handler.bye_reason->protocol, "Q.850");
  EXPECT_EQ(handler.bye_reason->cause, 16);
  EXPECT_EQ(handler.bye_reason->text, "NORMAL_CLEARING");
  EXPECT_EQ(handler.legs.front()->state(), LegState::terminated);

  const IncomingInvite& in = handler.invites.front();
  EXPECT_FALSE(in.call_id.empty());
  EXPECT_EQ(in.call_id, handler.legs.front()->call_id());
  EXPECT_EQ(in.from.display, "Alice A");
  EXPECT_EQ(in.from.user, "alice");
  EXPECT_EQ(in.to.user, "1000");
  EXPECT_EQ(in.request_user, "1000");
  EXPECT_EQ(in.source.ip, "127.0.0.1");
  EXPECT_NE(in.source.port, 0);
  EXPECT_EQ(in.source.transport, transport == "t1" ? Transport::tcp : Transport::udp);
  EXPECT_EQ(in.max_forwards, 70U);
  ASSERT_TRUE(in.body.has_value());
  EXPECT_EQ(in.body->content_type, "application/sdp");
  EXPECT_NE(in.body->data.find("m=audio"), std::string::npos);
  // P-Asserted-Identity is in the INVITE too, but identity headers are not custom.
  EXPECT_EQ(in.custom_headers, (Headers{{"X-Account", "42"}, {"P-Custom", "hello"}}));
  stop(loop, profile);
}

TEST(SipInbound, AnsweredCallThenRemoteByeOverUdp) { answered_call_then_remote_bye("u1"); }

// NUTAG_URL "sip:IP:PORT" binds TCP as well as UDP.
TEST(SipInbound, AnsweredCallThenRemoteByeOverTcp) { answered_call_then_remote_bye("t1"); }

TEST(SipInbound, RejectedWith486AndReason) {
  TestLoop loop;
  InboundRecorder handler(InviteAction::reject_busy);
  auto profile = make_profile(loop, handler);
  ASSERT_TRUE(profile);
  {
    Sipp sipp(uac_options("uac_busy.xml", profile_address(*profile)));
    expect_sipp_success(loop, sipp);
  }
  ASSERT_TRUE(loop.run_until([&] { return handler.terminated(); }));
  EXPECT_EQ(handler.events, (std::vector<std::string>{"invite", "terminated"}));
  // A second final response is refused with a typed error.
  auto again = handler.legs.front()->respond(reply(200));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::terminated);
  stop(loop, profile);
}

TEST(SipInbound, CancelBeforeAnswer) {
  TestLoop loop;
  InboundRecorder handler(InviteAction::ring);
  auto profile = make_profile(loop, handler);
  ASSERT_TRUE(profile);
  {
    Sipp sipp(uac_options("uac_cancel.xml", profile_address(*profile)));
    expect_sipp_success(loop, sipp);
  }
  ASSERT_TRUE(loop.run_until([&] { return handler.terminated(); }));
  EXPECT_EQ(handler.events, (std::vector<std::string>{"invite", "cancel", "terminated"}));
  ASSERT_TRUE(handler.cancel_reason.has_value());
  EXPECT_EQ(handler.cancel_reason->cause, 31);
  stop(loop, profile);
}

// SIPp treats a repeated 180 as a retransmission of its own and re-sends,
// so the duplicate INVITE is sent from a plain UDP socket here.
TEST(SipInbound, RetransmittedInviteGivesOneEvent) {
  TestLoop loop;
  InboundRecorder handler(InviteAction::ring);
  auto profile = make_profile(loop, handler);
  ASSERT_TRUE(profile);
  UdpPeer peer;
  const std::string invite =
      "INVITE sip:1000@" + profile_address(*profile) + " SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:" + std::to_string(peer.port()) + ";branch=z9hG4bK-retrans-1\r\n"
      "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
      "To: <sip:1000@127.0.0.1>\r\n"
      "Call-ID: retrans-1@127.0.0.1\r\n"
      "CSeq: 1 INVITE\r\n"
      "Contact: <sip:alice@127.0.0.1:" + std::to_string(peer.port()) + ">\r\n"
      "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
  int ringing = 0;
  auto count_ringing = [&] {
    while (auto msg = peer.try_recv()) {
      ringing += msg->rfind("SIP/2.0 180", 0) == 0 ? 1 : 0;
    }
  };
  peer.send_to(profile->config().port, invite);
  ASSERT_TRUE(loop.run_until([&] { count_ringing(); return ringing == 1; }));
  peer.send_to(profile->config().port, invite);  // the retransmission
  // The transaction layer repeats its last provisional for the copy.
  ASSERT_TRUE(loop.run_until([&] { count_ringing(); return ringing == 2; }));
  EXPECT_EQ(handler.invites.size(), 1U);
  ASSERT_TRUE(handler.legs.front()->respond(reply(486)).has_value());
  ASSERT_TRUE(loop.run_until([&] { return handler.terminated(); }));
  EXPECT_EQ(handler.invites.size(), 1U);
  EXPECT_EQ(handler.events, (std::vector<std::string>{"invite", "terminated"}));
  stop(loop, profile);
}

TEST(SipInbound, DroppedLegIsRefused) {
  // A handler that ignores the leg (does not keep it): the destructor refuses
  // the INVITE with 500 instead of leaving the caller hanging.
  class Dropper : public ProfileHandler {
   public:
    void on_invite(std::unique_ptr<InboundLeg> /*leg*/, const IncomingInvite& /*invite*/) override { ++count; }
    int count = 0;
  } dropper;
  TestLoop loop;
  auto profile = make_profile(loop, dropper);
  ASSERT_TRUE(profile);
  {
    Sipp sipp(uac_options("uac_busy.xml", profile_address(*profile)));
    ASSERT_TRUE(loop.run_until([&] { return sipp.finished(); }));
    EXPECT_NE(sipp.exit_code(), 0);  // uac_busy expects 486, got 500
    EXPECT_NE(sipp.logs().find("SIP/2.0 500"), std::string::npos) << sipp.logs();
  }
  EXPECT_EQ(dropper.count, 1);
  stop(loop, profile);
}

}  // namespace
}  // namespace ctib::sip::test
