// re-INVITE in both directions on an answered outbound leg: the API a B2BUA
// needs to relay hold/resume and codec changes between legs.

#include <gtest/gtest.h>

#include "engine/sip/tests/fixture.hpp"

namespace ctib::sip::test {
namespace {

class ReinviteRecorder : public OutboundRecorder {
 public:
  void on_modify(Leg& leg, const ModifyRequest& request) override {
    events.push_back("modify");
    received = request;
    Reply ok = reply(200);
    ok.body = Body{"application/sdp", "v=0\r\no=ctib-reinvite 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
                                      "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8\r\n"};
    leg.respond_modify(ok);
  }
  void on_modify_response(Leg& /*leg*/, const Response& r) override {
    events.push_back("modify_response " + std::to_string(r.status));
    modify_response = r;
  }
  std::optional<ModifyRequest> received;
  std::optional<Response> modify_response;
};

TEST(SipReinvite, SentAndReceivedOnAnAnsweredLeg) {
  TestLoop loop;
  NoInvites none;
  auto profile = make_profile(loop, none, "external");
  ASSERT_TRUE(profile);
  Sipp uas(uas_options("uas_reinvite.xml"));
  ASSERT_TRUE(uas.wait_listening()) << uas.logs();

  ReinviteRecorder rec;
  OutgoingInvite out;
  out.request_uri = "sip:1000@" + uas.address();
  out.body = test_sdp("ctib");
  auto leg = profile->invite(out, rec);
  ASSERT_TRUE(leg.has_value());
  ASSERT_TRUE(loop.run_until([&] { return rec.answer.has_value(); })) << uas.logs();

  Modify hold;
  hold.body = Body{"application/sdp", "v=0\r\no=ctib 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                                      "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=sendonly\r\n"};
  ASSERT_TRUE((*leg)->modify(hold).has_value());
  EXPECT_EQ((*leg)->modify(hold).error().code, ErrorCode::wrong_state);  // one at a time
  ASSERT_TRUE(loop.run_until([&] { return rec.modify_response.has_value(); })) << uas.logs();
  EXPECT_EQ(rec.modify_response->status, 200);
  ASSERT_TRUE(rec.modify_response->body.has_value());
  EXPECT_NE(rec.modify_response->body->data.find("a=recvonly"), std::string::npos);

  ASSERT_TRUE(loop.run_until([&] { return rec.terminated; })) << uas.logs();
  ASSERT_TRUE(rec.received.has_value());
  EXPECT_EQ(rec.received->kind, ModifyKind::reinvite);
  ASSERT_TRUE(rec.received->body.has_value());
  EXPECT_NE(rec.received->body->data.find("RTP/AVP 8"), std::string::npos);
  EXPECT_EQ(rec.events,
            (std::vector<std::string>{"answer 200", "modify_response 200", "modify", "bye", "terminated"}));
  expect_sipp_success(loop, uas);
  stop(loop, profile);
}

// RFC 3311 UPDATE on an answered outbound leg, with session timers on: an
// UPDATE with an offer reaches the application and its answer goes back to
// that UPDATE (nua_respond without NUTAG_WITH once found no request to answer,
// and the UPDATE stayed unanswered); an UPDATE without SDP only refreshes the
// session and is answered 200 with Session-Expires, never reported.
TEST(SipUpdate, OfferIsAnsweredAndRefreshIsAnsweredLocally) {
  TestLoop loop;
  NoInvites none;
  ProfileConfig config = test_config(pick_free_port(), "external");
  config.session_timers = true;
  config.min_se = 90;
  auto created = Profile::create(loop.root(), config, none);
  ASSERT_TRUE(created.has_value());
  auto profile = std::move(*created);
  Sipp uas(uas_options("uas_update.xml"));
  ASSERT_TRUE(uas.wait_listening()) << uas.logs();

  ReinviteRecorder rec;
  OutgoingInvite out;
  out.request_uri = "sip:1000@" + uas.address();
  out.body = test_sdp("ctib");
  auto leg = profile->invite(out, rec);
  ASSERT_TRUE(leg.has_value());
  ASSERT_TRUE(loop.run_until([&] { return rec.terminated; })) << uas.logs();

  ASSERT_TRUE(rec.received.has_value());
  EXPECT_EQ(rec.received->kind, ModifyKind::update);
  ASSERT_TRUE(rec.received->body.has_value());
  EXPECT_NE(rec.received->body->data.find("a=sendonly"), std::string::npos);
  // One modify: the refresh without SDP was answered by the adapter.
  EXPECT_EQ(rec.events, (std::vector<std::string>{"answer 200", "modify", "bye", "terminated"}));
  expect_sipp_success(loop, uas);
  stop(loop, profile);
}

}  // namespace
}  // namespace ctib::sip::test
