// Outbound legs over real SIP: a Profile calls a SIPp UAS.

#include <gtest/gtest.h>

#include "engine/sip/tests/fixture.hpp"

namespace ctib::sip::test {
namespace {

OutgoingInvite invite_to(const Sipp& uas) {
  OutgoingInvite out;
  out.request_uri = "sip:1000@" + uas.address();
  out.from = NameAddr{"Alice \"A\"", "alice", ""};
  out.max_forwards = 69;
  out.custom_headers = {{"X-Account", "42"}, {"X-Trace", "abc def"}};
  out.body = test_sdp("ctib");
  return out;
}

TEST(SipOutbound, AnsweredThenLocalBye) {
  TestLoop loop;
  NoInvites none;
  auto profile = make_profile(loop, none, "external");
  ASSERT_TRUE(profile);
  Sipp uas(uas_options("uas.xml"));
  ASSERT_TRUE(uas.wait_listening()) << uas.logs();

  OutboundRecorder rec;
  auto leg = profile->invite(invite_to(uas), rec);
  ASSERT_TRUE(leg.has_value()) << leg.error().detail;
  OutboundLeg& b = **leg;
  EXPECT_FALSE(b.call_id().empty());

  ASSERT_TRUE(loop.run_until([&] { return rec.answer.has_value() || rec.failure.has_value(); })) << uas.logs();
  ASSERT_TRUE(rec.answer.has_value()) << uas.logs();
  ASSERT_EQ(rec.provisionals.size(), 1U);
  EXPECT_EQ(rec.provisionals[0].status, 180);
  EXPECT_EQ(rec.provisionals[0].custom_headers, (Headers{{"X-Ring", "yes"}}));
  EXPECT_EQ(rec.answer->status, 200);
  EXPECT_FALSE(rec.answer->local);
  ASSERT_TRUE(rec.answer->body.has_value());
  EXPECT_NE(rec.answer->body->data.find("o=bob"), std::string::npos);
  EXPECT_EQ(b.state(), LegState::confirmed);

  // cancel() after answer is a typed error, bye() works.
  EXPECT_EQ(b.cancel().error().code, ErrorCode::wrong_state);
  ASSERT_TRUE(b.bye("Q.850;cause=16").has_value());
  expect_sipp_success(loop, uas);
  ASSERT_TRUE(loop.run_until([&] { return rec.terminated; }));
  EXPECT_EQ(rec.events, (std::vector<std::string>{"provisional 180", "answer 200", "terminated"}));
  EXPECT_EQ(none.unexpected, 0);
  stop(loop, profile);
}

TEST(SipOutbound, BusyIsAFailureWithQ850Reason) {
  TestLoop loop;
  NoInvites none;
  auto profile = make_profile(loop, none, "external");
  ASSERT_TRUE(profile);
  Sipp uas(uas_options("uas_busy.xml"));
  ASSERT_TRUE(uas.wait_listening()) << uas.logs();

  OutboundRecorder rec;
  auto leg = profile->invite(invite_to(uas), rec);
  ASSERT_TRUE(leg.has_value());
  ASSERT_TRUE(loop.run_until([&] { return rec.terminated; })) << uas.logs();
  ASSERT_TRUE(rec.failure.has_value());
  EXPECT_EQ(rec.failure->status, 486);
  EXPECT_EQ(rec.failure->phrase, "Busy Here");
  EXPECT_FALSE(rec.failure->local);
  ASSERT_TRUE(rec.failure->reason.has_value());
  EXPECT_EQ(rec.failure->reason->protocol, "Q.850");
  EXPECT_EQ(rec.failure->reason->cause, 17);
  EXPECT_EQ(rec.failure->reason->text, "USER_BUSY");
  EXPECT_EQ((*leg)->state(), LegState::terminated);
  expect_sipp_success(loop, uas);
  stop(loop, profile);
}

TEST(SipOutbound, CancelWithReasonAfterEarlyMedia) {
  TestLoop loop;
  NoInvites none;
  auto profile = make_profile(loop, none, "external");
  ASSERT_TRUE(profile);
  Sipp uas(uas_options("uas_ring.xml"));
  ASSERT_TRUE(uas.wait_listening()) << uas.logs();

  OutboundRecorder rec;
  OutgoingInvite out = invite_to(uas);
  auto leg = profile->invite(out, rec);
  ASSERT_TRUE(leg.has_value());
  ASSERT_TRUE(loop.run_until([&] { return !rec.provisionals.empty(); })) << uas.logs();
  EXPECT_EQ(rec.provisionals[0].status, 183);
  ASSERT_TRUE(rec.provisionals[0].body.has_value());
  EXPECT_EQ((*leg)->bye().error().code, ErrorCode::wrong_state);
  ASSERT_TRUE((*leg)->cancel("SIP;cause=200;text=\"Call completed elsewhere\"").has_value());
  ASSERT_TRUE(loop.run_until([&] { return rec.terminated; })) << uas.logs();
  ASSERT_TRUE(rec.failure.has_value());
  EXPECT_EQ(rec.failure->status, 487);
  expect_sipp_success(loop, uas);
  stop(loop, profile);
}

TEST(SipOutbound, InvalidTargetsAreTypedErrorsNotRequests) {
  TestLoop loop;
  NoInvites none;
  auto profile = make_profile(loop, none, "external");
  ASSERT_TRUE(profile);
  OutboundRecorder rec;
  const char* bad_uris[] = {"",
                            "1000@127.0.0.1",
                            "http://example.com/",
                            "sip:",
                            "sip:1000@",
                            "sip:1000@127.0.0.1:99999",
                            "sip:1000@127.0.0.1:5o60",
                            "sip:10 00@127.0.0.1",
                            "sip:1000@exa mple.com",
                            "sip:1000@-bad-.example..com",
                            "sip:1000@[::1",
                            "sip:<1000>@127.0.0.1",
                            "sip:1000@127.0.0.1\r\nX-Injected: 1",
                            "sip:%zz@127.0.0.1"};
  for (const char* uri : bad_uris) {
    OutgoingInvite out;
    out.request_uri = uri;
    auto leg = profile->invite(out, rec);
    ASSERT_FALSE(leg.has_value()) << uri;
    EXPECT_EQ(leg.error().code, ErrorCode::invalid_uri) << uri;
  }
  OutgoingInvite bad_proxy;
  bad_proxy.request_uri = "sip:1000@127.0.0.1";
  bad_proxy.outbound_proxy = "sip:proxy@@";
  EXPECT_EQ(profile->invite(bad_proxy, rec).error().code, ErrorCode::invalid_uri);
  OutgoingInvite bad_header;
  bad_header.request_uri = "sip:1000@127.0.0.1";
  bad_header.custom_headers = {{"X-Evil", "a\r\nVia: x"}};
  EXPECT_EQ(profile->invite(bad_header, rec).error().code, ErrorCode::invalid_header);
  bad_header.custom_headers = {{"X Bad", "v"}};
  EXPECT_EQ(profile->invite(bad_header, rec).error().code, ErrorCode::invalid_header);
  OutgoingInvite bad_from;
  bad_from.request_uri = "sip:1000@127.0.0.1";
  bad_from.from = NameAddr{"", "alice", "bad host"};
  EXPECT_EQ(profile->invite(bad_from, rec).error().code, ErrorCode::invalid_uri);
  EXPECT_TRUE(rec.events.empty());
  stop(loop, profile);
}

TEST(SipOutbound, UnreachableTargetIsALocalFailure) {
  // Nothing listens on this TCP port: sofia makes up a failure (503) itself.
  TestLoop loop;
  NoInvites none;
  auto profile = make_profile(loop, none, "external");
  ASSERT_TRUE(profile);
  OutboundRecorder rec;
  OutgoingInvite out;
  out.request_uri = "sip:1000@127.0.0.1:" + std::to_string(pick_free_port()) + ";transport=tcp";
  auto leg = profile->invite(out, rec);
  ASSERT_TRUE(leg.has_value());
  ASSERT_TRUE(loop.run_until([&] { return rec.terminated; }));
  ASSERT_TRUE(rec.failure.has_value());
  EXPECT_GE(rec.failure->status, 400);
  EXPECT_TRUE(rec.failure->local);
  stop(loop, profile);
}

}  // namespace
}  // namespace ctib::sip::test
