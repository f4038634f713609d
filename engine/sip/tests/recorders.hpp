#pragma once
// Test handlers that record every event and act from a small script.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/sip/leg.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip::test {

inline Body test_sdp(const std::string& who) {
  return Body{"application/sdp",
              "v=0\r\no=" + who + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
              "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"};
}

inline Reply reply(int status) { return Reply{status, {}, {}, {}, {}}; }

// Inbound side: what to do with a new INVITE.
enum class InviteAction { answer, reject_busy, ring, nothing };

class InboundRecorder : public ProfileHandler, public InboundLegHandler {
 public:
  explicit InboundRecorder(InviteAction action) : action_(action) {}

  void on_invite(std::unique_ptr<InboundLeg> leg, const IncomingInvite& invite) override {
    events.push_back("invite");
    invites.push_back(invite);
    leg->set_handler(*this);
    switch (action_) {
      case InviteAction::answer: {
        leg->respond(reply(180));
        Reply ok = reply(200);
        ok.body = test_sdp("ctib");
        leg->respond(ok);
        break;
      }
      case InviteAction::reject_busy: {
        Reply busy = reply(486);
        busy.reason = "Q.850;cause=17;text=\"USER_BUSY\"";
        leg->respond(busy);
        break;
      }
      case InviteAction::ring:
        leg->respond(reply(180));
        break;
      case InviteAction::nothing:
        break;
    }
    legs.push_back(std::move(leg));
  }
  void on_cancel(InboundLeg& /*leg*/, const std::optional<Reason>& reason) override {
    events.push_back("cancel");
    cancel_reason = reason;
  }
  void on_ack(InboundLeg& /*leg*/, const std::optional<Body>& /*body*/) override { events.push_back("ack"); }
  void on_bye(Leg& /*leg*/, const Hangup& hangup) override {
    events.push_back("bye");
    bye_reason = hangup.reason;
  }
  void on_terminated(Leg& /*leg*/, const Termination& t) override {
    events.push_back("terminated");
    terminated_status = t.status;
  }

  [[nodiscard]] bool terminated() const {
    for (const auto& e : events) {
      if (e == "terminated") {
        return true;
      }
    }
    return false;
  }

  std::vector<std::string> events;
  std::vector<IncomingInvite> invites;
  std::vector<std::unique_ptr<InboundLeg>> legs;
  std::optional<Reason> cancel_reason;
  std::optional<Reason> bye_reason;
  int terminated_status = 0;

 private:
  InviteAction action_;
};

class OutboundRecorder : public OutboundLegHandler {
 public:
  void on_provisional(OutboundLeg& /*leg*/, const Response& r) override {
    events.push_back("provisional " + std::to_string(r.status));
    provisionals.push_back(r);
  }
  void on_answer(OutboundLeg& /*leg*/, const Response& r) override {
    events.push_back("answer " + std::to_string(r.status));
    answer = r;
  }
  void on_failure(OutboundLeg& /*leg*/, const Response& r) override {
    events.push_back("failure " + std::to_string(r.status));
    failure = r;
  }
  void on_bye(Leg& /*leg*/, const Hangup& /*hangup*/) override { events.push_back("bye"); }
  void on_terminated(Leg& /*leg*/, const Termination& /*t*/) override {
    events.push_back("terminated");
    terminated = true;
  }

  std::vector<std::string> events;
  std::vector<Response> provisionals;
  std::optional<Response> answer;
  std::optional<Response> failure;
  bool terminated = false;
};

// A profile handler that must never be called (for profiles used outbound only).
class NoInvites : public ProfileHandler {
 public:
  void on_invite(std::unique_ptr<InboundLeg> leg, const IncomingInvite& /*invite*/) override {
    leg->respond(reply(403));
    ++unexpected;
  }
  int unexpected = 0;
};

inline ProfileConfig test_config(std::uint16_t port, const std::string& name = "internal") {
  ProfileConfig c;
  c.name = name;
  c.listen_ip = "127.0.0.1";
  c.port = port;
  c.user_agent = "ctibridge-test";
  return c;
}

}  // namespace ctib::sip::test
