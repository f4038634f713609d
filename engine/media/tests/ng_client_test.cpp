// The ng client and the rtpengine anchor against a scripted UDP peer on
// loopback, on a real SuRootLoop (the engine's loop): replies, error
// replies, silence (retransmissions with the same cookie, then timeout),
// failover to the next instance, cancellation and delete.
#include "engine/media/ng_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/media/rtpengine_anchor.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::media {
namespace {

using std::chrono::milliseconds;

// A UDP socket standing in for rtpengine; it answers from the loop.
class Peer {
 public:
  explicit Peer(loop::EventLoop& loop) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    watch_ = loop.watch_fd(fd_, loop::Interest::Read, [this](loop::Readiness) { on_read(); });
  }
  ~Peer() {
    watch_.cancel();
    ::close(fd_);
  }
  [[nodiscard]] NgEndpoint endpoint() const { return {"127.0.0.1", port_}; }

  // What to answer with the request's cookie; "" = stay silent.
  std::function<std::string(const Value&)> answer = [](const Value&) {
    return std::string("d6:result2:oke");
  };
  std::vector<std::string> cookies;
  std::vector<Value> commands;

 private:
  void on_read() {
    char buf[65536];
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    const ssize_t n = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n <= 0) return;
    auto d = decode_datagram(std::string_view(buf, static_cast<std::size_t>(n)));
    ASSERT_TRUE(d);
    cookies.push_back(d->cookie);
    commands.push_back(d->body);
    const std::string body = answer(d->body);
    if (body.empty()) return;
    const std::string reply = d->cookie + " " + body;
    ::sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
  }
  int fd_ = -1;
  std::uint16_t port_ = 0;
  loop::FdWatch watch_;
};

class NgClientTest : public ::testing::Test {
 protected:
  bool run_until(const std::function<bool()>& done) { return loop_.run_until(done, milliseconds(5000)); }
  loop::SofiaGlobal sofia_;
  loop::SuRootLoop loop_{sofia_};
};

TEST_F(NgClientTest, DeliversTheReplyForItsCookie) {
  Peer peer(loop_);
  peer.answer = [](const Value&) { return std::string("d6:result2:ok3:sdp3:v=0e"); };
  NgClient client(loop_, {milliseconds(200), 2});
  std::optional<NgOutcome> got;
  auto r = client.send(peer.endpoint(), Dict{{"command", "offer"}}, [&](NgOutcome o) { got = std::move(o); });
  ASSERT_TRUE(run_until([&] { return got.has_value(); }));
  ASSERT_TRUE(*got);
  EXPECT_EQ((*got)->sdp, "v=0");
  EXPECT_EQ(client.pending(), 0U);
}

TEST_F(NgClientTest, RetransmitsWithTheSameCookieThenTimesOut) {
  Peer peer(loop_);
  peer.answer = [](const Value&) { return std::string(); };
  NgClient client(loop_, {milliseconds(50), 2});
  std::optional<NgOutcome> got;
  auto r = client.send(peer.endpoint(), Dict{{"command", "offer"}}, [&](NgOutcome o) { got = std::move(o); });
  ASSERT_TRUE(run_until([&] { return got.has_value(); }));
  ASSERT_FALSE(*got);
  EXPECT_EQ(got->error().kind, NgFailureKind::timeout);
  ASSERT_EQ(peer.cookies.size(), 3U);
  EXPECT_EQ(peer.cookies[0], peer.cookies[2]);
}

TEST_F(NgClientTest, CancelledRequestNeverCallsBack) {
  Peer peer(loop_);
  NgClient client(loop_, {milliseconds(50), 0});
  bool called = false;
  auto r = client.send(peer.endpoint(), Dict{{"command", "ping"}}, [&](NgOutcome) { called = true; });
  r->cancel();
  ASSERT_TRUE(run_until([&] { return !peer.cookies.empty(); }));
  loop_.step(milliseconds(100));
  EXPECT_FALSE(called);
  EXPECT_EQ(client.pending(), 0U);
}

call::MediaStep offer(std::string id) {
  call::MediaStep s;
  s.call_id = std::move(id);
  s.from_tag = "a";
  s.sdp = "v=0\r\n";
  s.transcode = {"PCMU", "PCMA"};
  return s;
}

TEST_F(NgClientTest, AnchorFailsOverThenSticksAndDeletes) {
  Peer silent(loop_);
  silent.answer = [](const Value&) { return std::string(); };
  Peer good(loop_);
  good.answer = [](const Value& cmd) {
    return *cmd.find("command")->string() == "delete" ? std::string("d6:result2:oke")
                                                      : std::string("d6:result2:ok3:sdp5:v=0\r\ne");
  };
  RtpengineAnchor anchor(
      loop_, {{{silent.endpoint(), 1}, {good.endpoint(), 1}}, {milliseconds(30), 1}, milliseconds(60000)},
      nullptr);
  // Find a call id whose first choice is the silent one.
  std::string id;
  for (int i = 0; id.empty(); ++i) {
    RtpengineSet probe({{silent.endpoint(), 1}, {good.endpoint(), 1}}, milliseconds(1));
    if (probe.pick("c" + std::to_string(i), {}, milliseconds(0)) == 0U) id = "c" + std::to_string(i);
  }
  std::optional<call::MediaResult> got;
  auto h = anchor.exchange(offer(id), [&](call::MediaResult r) { got = std::move(r); });
  ASSERT_TRUE(run_until([&] { return got.has_value(); }));
  ASSERT_TRUE(*got) << got->error().detail;
  EXPECT_EQ(**got, "v=0\r\n");
  EXPECT_EQ(silent.cookies.size(), 2U);
  ASSERT_EQ(good.commands.size(), 1U);
  const Value& cmd = good.commands[0];
  EXPECT_EQ(*cmd.find("command")->string(), "offer");
  EXPECT_EQ(*cmd.find("codec")->find("transcode")->list()->at(1).string(), "PCMA");
  EXPECT_EQ(anchor.sessions(), 1U);
  anchor.release(id);
  ASSERT_TRUE(run_until([&] { return anchor.deletes_in_flight() == 0; }));
  ASSERT_EQ(good.commands.size(), 2U);
  EXPECT_EQ(*good.commands[1].find("command")->string(), "delete");
  EXPECT_EQ(anchor.sessions(), 0U);
}

TEST_F(NgClientTest, AnchorReportsAnErrorReply) {
  Peer peer(loop_);
  peer.answer = [](const Value&) { return std::string("d6:result5:error12:error-reason8:no portse"); };
  RtpengineAnchor anchor(loop_, {{{peer.endpoint(), 1}}, {milliseconds(100), 0}, milliseconds(1000)},
                         nullptr);
  std::optional<call::MediaResult> got;
  auto h = anchor.exchange(offer("x"), [&](call::MediaResult r) { got = std::move(r); });
  ASSERT_TRUE(run_until([&] { return got.has_value(); }));
  ASSERT_FALSE(*got);
  EXPECT_EQ(got->error().kind, call::MediaFailureKind::refused);
  EXPECT_EQ(got->error().detail, "no ports");
}

}  // namespace
}  // namespace ctib::media
