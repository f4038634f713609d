// A mini B2BUA on the adapter's API alone: SIPp UAC → profile A → test
// bridge → outbound leg on profile B → SIPp UAS, relaying 180/200 and BYE.

#include <gtest/gtest.h>

#include "engine/sip/tests/fixture.hpp"

namespace ctib::sip::test {
namespace {

class MiniBridge : public ProfileHandler, public InboundLegHandler, public OutboundLegHandler {
 public:
  MiniBridge(std::string target) : target_(std::move(target)) {}
  Profile* b_profile = nullptr;

  void on_invite(std::unique_ptr<InboundLeg> leg, const IncomingInvite& in) override {
    a_ = std::move(leg);
    a_->set_handler(*this);
    OutgoingInvite out;
    out.request_uri = "sip:" + in.request_user + "@" + target_;
    out.from = NameAddr{in.from.display, in.from.user, ""};
    out.max_forwards = in.max_forwards.value_or(70) - 1;
    out.custom_headers = in.custom_headers;  // X-Account: 42 must reach the UAS
    out.custom_headers.push_back({"X-Trace", "abc def"});
    out.body = in.body;
    auto b = b_profile->invite(out, *this);
    if (!b) {
      a_->respond(reply(500));
      return;
    }
    b_ = std::move(*b);
  }

  // B → A
  void on_provisional(OutboundLeg& /*leg*/, const Response& r) override {
    Reply ring = reply(r.status);
    ring.body = r.body;
    a_->respond(ring);
  }
  void on_answer(OutboundLeg& /*leg*/, const Response& r) override {
    Reply ok = reply(200);
    ok.body = r.body;
    a_->respond(ok);
  }
  void on_failure(OutboundLeg& /*leg*/, const Response& r) override {
    Reply fail = reply(r.status);
    if (r.reason) {
      fail.reason = r.reason->raw;
    }
    a_->respond(fail);
  }
  // Either side hangs up: hang up the other.
  void on_bye(Leg& leg, const Hangup& h) override {
    Leg& other = &leg == a_.get() ? static_cast<Leg&>(*b_) : static_cast<Leg&>(*a_);
    other.bye(h.reason ? std::optional<std::string>(h.reason->raw) : std::nullopt);
  }
  void on_cancel(InboundLeg& /*leg*/, const std::optional<Reason>& /*reason*/) override { b_->cancel(); }
  void on_terminated(Leg& leg, const Termination& /*t*/) override {
    (&leg == a_.get() ? a_done : b_done) = true;
  }

  bool a_done = false;
  bool b_done = false;

 private:
  std::string target_;
  std::unique_ptr<InboundLeg> a_;
  std::unique_ptr<OutboundLeg> b_;
};

TEST(SipBridge, RelaysRingAnswerAckAndBye) {
  TestLoop loop;
  Sipp uas(uas_options("uas.xml"));
  ASSERT_TRUE(uas.wait_listening()) << uas.logs();
  MiniBridge bridge(uas.address());
  NoInvites none;
  auto a = make_profile(loop, bridge, "internal");
  auto b = make_profile(loop, none, "external");
  ASSERT_TRUE(a && b);
  bridge.b_profile = b.get();
  {
    Sipp uac(uac_options("uac.xml", profile_address(*a)));
    expect_sipp_success(loop, uac);
  }
  expect_sipp_success(loop, uas);
  ASSERT_TRUE(loop.run_until([&] { return bridge.a_done && bridge.b_done; }));
  stop(loop, a);
  stop(loop, b);
}

}  // namespace
}  // namespace ctib::sip::test
