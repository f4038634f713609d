// Shutdown: clean after a burst of malformed input (Debian's 1.12.11 aborts
// in nua_dialog_usage_remove if the agent is destroyed in the wrong order),
// and with a live call, whose leg is ended and told.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <random>

#include "engine/sip/tests/fixture.hpp"

namespace ctib::sip::test {
namespace {

std::string invite_text(int i, const std::string& ruri, const std::string& extra) {
  const std::string n = std::to_string(i);
  return "INVITE " + ruri + " SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-burst-" + n + "\r\n"
         "From: <sip:fuzz@127.0.0.1>;tag=t" + n + "\r\n"
         "To: <sip:1000@127.0.0.1>\r\n"
         "Call-ID: burst-" + n + "@127.0.0.1\r\n"
         "CSeq: 1 INVITE\r\n"
         "Contact: <sip:fuzz@127.0.0.1:9>\r\n" + extra +
         "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
}

// Malformed and half-valid datagrams; deterministic (fixed seed).
std::vector<std::string> burst() {
  std::vector<std::string> out;
  std::mt19937 rng(12345);
  for (int i = 0; i < 400; ++i) {
    switch (i % 10) {
      case 0: {
        std::string junk(1 + rng() % 1200, '\0');
        for (auto& c : junk) {
          c = static_cast<char>(rng());
        }
        out.push_back(junk);
        break;
      }
      case 1: out.push_back(invite_text(i, "sip:1000@127.0.0.1", "").substr(0, 40 + rng() % 150)); break;
      case 2: out.push_back(invite_text(i, "sip:@@::bad", "")); break;
      case 3: out.push_back(invite_text(i, "sip:1000@127.0.0.1", "Contact: <sip:%%%@[::>\r\n")); break;
      case 4: out.push_back(invite_text(i, "sip:1000@127.0.0.1", "CSeq: x INVITE\r\n")); break;
      case 5: out.push_back(invite_text(i, "sip:1000@127.0.0.1", "Require: 100rel\r\n")); break;
      case 6: out.push_back(invite_text(i, "sip:1000@127.0.0.1", "Content-Length: 99999\r\n")); break;
      case 7: out.push_back(invite_text(i, "sip:1000@127.0.0.1", "Record-Route: <sip:[::1>\r\n")); break;
      case 8:  // a valid INVITE: creates a dialog the handler answers
        out.push_back(invite_text(i, "sip:1000@127.0.0.1", ""));
        break;
      default:
        out.push_back("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK-none\r\nCSeq: 1 BYE\r\n\r\n");
        break;
    }
  }
  return out;
}

void send_udp(std::uint16_t port, const std::vector<std::string>& datagrams) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (const auto& d : datagrams) {
    ::sendto(fd, d.data(), d.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }
  ::close(fd);
}

TEST(SipShutdown, CleanAfterMalformedBurst) {
  TestLoop loop;
  InboundRecorder handler(InviteAction::answer);
  auto profile = make_profile(loop, handler);
  ASSERT_TRUE(profile);
  const auto datagrams = burst();
  for (int round = 0; round < 3; ++round) {
    send_udp(profile->config().port, datagrams);
    loop.run_for(std::chrono::milliseconds(300));
  }
  EXPECT_FALSE(handler.invites.empty());
  // Still serving: a real call goes through after the burst.
  InboundRecorder* h = &handler;
  const std::size_t before = h->invites.size();
  {
    Sipp sipp(uac_options("uac.xml", profile_address(*profile)));
    expect_sipp_success(loop, sipp);
  }
  EXPECT_GT(handler.invites.size(), before);
  stop(loop, profile);  // must return, not abort
  // Legs outlive the profile safely; they were told the dialog ended.
  for (auto& leg : handler.legs) {
    EXPECT_EQ(leg->state(), LegState::terminated);
    EXPECT_EQ(leg->profile(), nullptr);
  }
  handler.legs.clear();
}

TEST(SipShutdown, EndsLiveCallsAndTellsTheLegs) {
  TestLoop loop;
  NoInvites none;
  auto profile = make_profile(loop, none, "external");
  ASSERT_TRUE(profile);
  Sipp uas(uas_options("uas.xml"));
  ASSERT_TRUE(uas.wait_listening()) << uas.logs();
  OutboundRecorder rec;
  OutgoingInvite out;
  out.request_uri = "sip:1000@" + uas.address();
  out.max_forwards = 69;
  out.custom_headers = {{"X-Account", "42"}, {"X-Trace", "abc def"}};
  out.body = test_sdp("ctib");
  auto leg = profile->invite(out, rec);
  ASSERT_TRUE(leg.has_value());
  ASSERT_TRUE(loop.run_until([&] { return rec.answer.has_value(); })) << uas.logs();
  stop(loop, profile);  // sofia sends the BYE uas.xml waits for
  EXPECT_TRUE(rec.terminated);
  EXPECT_EQ((*leg)->state(), LegState::terminated);
  expect_sipp_success(loop, uas);
  leg->reset();
}

TEST(SipShutdown, DestructorWithoutShutdownIsSafe) {
  TestLoop loop;
  NoInvites none;
  auto profile = make_profile(loop, none);
  ASSERT_TRUE(profile);
  profile.reset();  // synchronous fallback path
}

}  // namespace
}  // namespace ctib::sip::test
