#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>

#include "libs/http/tests/http_fixture.hpp"

namespace ctib::http::testing {
namespace {

// A socket bound to 127.0.0.1 on an ephemeral port, closed by RAII.
class LocalSocket {
 public:
  explicit LocalSocket(int type_flags = 0) : fd_(::socket(AF_INET, SOCK_STREAM | type_flags, 0)) {}
  ~LocalSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  LocalSocket(const LocalSocket&) = delete;
  LocalSocket& operator=(const LocalSocket&) = delete;

  bool bind_any() {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  [[nodiscard]] std::uint16_t port() const {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    return ntohs(addr.sin_port);
  }
  void connect_to(std::uint16_t port) const {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    // Non-blocking: EINPROGRESS is the expected answer, the SYN is what matters.
    static_cast<void>(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr));
  }
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_;
};

std::string url_for_port(std::uint16_t port) {
  return "http://127.0.0.1:" + std::to_string(port) + "/";
}

TEST_P(HttpTest, ConnectionRefusedIsConnectFailed) {
  std::uint16_t port = 0;
  {
    LocalSocket probe;  // bound, never listening, then closed: nothing accepts there
    ASSERT_TRUE(probe.bind_any());
    port = probe.port();
  }
  auto out = send(get(url_for_port(port)));
  // Refusal is immediate on loopback; a limit well under the connect timeout
  // shows it was not a timeout.
  ASSERT_TRUE(run_until([&] { return out->done(); }, milliseconds(900)));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::ConnectFailed) << out->failure().detail;
  EXPECT_FALSE(out->failure().detail.empty());
}

TEST_P(HttpTest, ServerTooSlowIsResponseTimeout) {
  Request req = get(server_.url("/delay/3000"));
  req.total_timeout = milliseconds(200);
  auto out = send(std::move(req));
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::ResponseTimeout) << out->failure().detail;
}

TEST_P(HttpTest, FullAcceptQueueIsConnectTimeout) {
  // Linux drops SYNs to a listener whose accept queue is full, so a connect
  // to it can only time out. Fill a backlog-0 queue with connects nobody accepts.
  LocalSocket listener;
  ASSERT_TRUE(listener.bind_any());
  ASSERT_EQ(::listen(listener.fd(), 0), 0);
  std::array<std::unique_ptr<LocalSocket>, 3> fillers;
  for (auto& f : fillers) {
    f = std::make_unique<LocalSocket>(SOCK_NONBLOCK);
    f->connect_to(listener.port());
  }
  Request req = get(url_for_port(listener.port()));
  req.connect_timeout = milliseconds(200);
  auto out = send(std::move(req));
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::ConnectTimeout) << out->failure().detail;
}

TEST_P(HttpTest, AnnouncedBodyOverTheLimitIsTooLarge) {
  auto out = send(get(server_.url("/bytes/1001")));
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::TooLarge) << out->failure().detail;
}

TEST_P(HttpTest, StreamedBodyOverTheLimitIsTooLarge) {
  auto out = send(get(server_.url("/chunked/5000")));
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::TooLarge) << out->failure().detail;
}

TEST(FailureReasonTest, HasStableNames) {
  EXPECT_EQ(to_string(Failure::Reason::ConnectFailed), "connect-failed");
  EXPECT_EQ(to_string(Failure::Reason::ResponseTimeout), "response-timeout");
  EXPECT_EQ(to_string(Failure::Reason::TooLarge), "too-large");
}

}  // namespace
}  // namespace ctib::http::testing
