// What happens to kept connections: the server closing them, Connection:
// close, chunked and big answers. Both clients, then the lean client's own
// retry rule (lean_client.hpp), which curl does not share for POST.
#include "libs/http/auto_client.hpp"
#include "libs/http/tests/http_fixture.hpp"

namespace ctib::http::testing {
namespace {

class KeepAliveTest : public HttpTest {
 protected:
  KeepAliveTest() {
    ClientOptions options = default_options();
    options.max_body_bytes = 4 * 1024 * 1024;
    options.max_connections = 1;  // one connection per host: reuse is certain
    make_client(options);
  }

  std::shared_ptr<Outcome> send_and_wait(Request request) {
    auto out = send(std::move(request));
    EXPECT_TRUE(run_until([&] { return out->done(); }));
    return out;
  }

  static Request post(std::string url, std::string body) {
    Request r = get(std::move(url));
    r.method = Method::Post;
    r.body = std::move(body);
    r.content_type = "text/plain";
    return r;
  }
};

TEST_P(KeepAliveTest, ConnectionCloseAnswerIsDeliveredAndTheNextRequestConnectsAfresh) {
  auto first = send_and_wait(get(server_.url("/close")));
  ASSERT_TRUE(first->result->has_value()) << first->failure().detail;
  EXPECT_EQ(first->response().body, "closing");
  auto second = send_and_wait(get(server_.url("/echo")));
  ASSERT_TRUE(second->result->has_value()) << second->failure().detail;
  EXPECT_EQ(server_.connections_accepted(), 2u);
}

TEST_P(KeepAliveTest, ChunkedAndBigBodiesArriveWhole) {
  auto chunked = send_and_wait(get(server_.url("/chunked/100000")));
  ASSERT_TRUE(chunked->result->has_value()) << chunked->failure().detail;
  EXPECT_EQ(chunked->response().body, std::string(100000, 'x'));
  auto big = send_and_wait(get(server_.url("/bytes/3000000")));
  ASSERT_TRUE(big->result->has_value()) << big->failure().detail;
  EXPECT_EQ(big->response().body.size(), 3000000u);
  auto big_post = send_and_wait(post(server_.url("/echo"), std::string(500000, 'p')));
  ASSERT_TRUE(big_post->result->has_value()) << big_post->failure().detail;
  EXPECT_EQ(big_post->response().body.size(), 500000u);
  EXPECT_EQ(server_.connections_accepted(), 1u) << "all three on the kept connection";
}

TEST_P(KeepAliveTest, ServerClosingWithoutAnswerOnAFreshConnectionIsAFailure) {
  auto out = send_and_wait(get(server_.url("/drop")));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::Other);
}

TEST_P(KeepAliveTest, AKeptGetDroppedByTheServerIsRetriedOnceOnAFreshConnection) {
  ASSERT_TRUE(send_and_wait(get(server_.url("/echo")))->result->has_value());
  auto out = send_and_wait(get(server_.url("/drop")));
  ASSERT_FALSE(out->result->has_value());
  // echo, the dropped GET, and its one retry on a second connection.
  EXPECT_EQ(server_.requests_received(), 3u);
  EXPECT_EQ(server_.connections_accepted(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Clients, KeepAliveTest, ::testing::Values(ClientKind::Curl, ClientKind::Lean),
                         client_name);

// The lean client only.
class LeanKeepAliveTest : public KeepAliveTest {};

TEST_P(LeanKeepAliveTest, AKeptPostDroppedAfterItWasWrittenIsNotSentTwice) {
  ASSERT_TRUE(send_and_wait(get(server_.url("/echo")))->result->has_value());
  auto out = send_and_wait(post(server_.url("/drop"), "hangup"));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::Other);
  EXPECT_EQ(server_.requests_received(), 2u) << "the POST reached the server once";
}

TEST_P(LeanKeepAliveTest, AnIdleConnectionTheServerClosedIsNotReused) {
  ASSERT_TRUE(send_and_wait(get(server_.url("/echo")))->result->has_value());
  auto* lean = dynamic_cast<LeanClient*>(client_.get());
  ASSERT_NE(lean, nullptr);
  EXPECT_EQ(lean->connections(), 1u);
  // The test server closes nothing on its own; a Connection: close answer
  // leaves a connection the client must drop at once.
  ASSERT_TRUE(send_and_wait(get(server_.url("/close")))->result->has_value());
  EXPECT_EQ(lean->connections(), 0u);
  ASSERT_TRUE(send_and_wait(post(server_.url("/echo"), "x"))->result->has_value());
  EXPECT_EQ(server_.connections_accepted(), 2u);
}

TEST_P(LeanKeepAliveTest, TheLeanClientRefusesUrlsItDoesNotTake) {
  auto out = send_and_wait(get("http://localhost:" + std::to_string(server_.port()) + "/echo"));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::Other);
  EXPECT_EQ(server_.requests_received(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Lean, LeanKeepAliveTest, ::testing::Values(ClientKind::Lean), client_name);

// AutoClient: the lean client for a literal address, curl for a host name.
Request plain_get(std::string url) {
  Request r;
  r.url = std::move(url);
  return r;
}

TEST(AutoClientTest, SendsPlainHttpToAnAddressLeanAndTheRestThroughCurl) {
  loop::SofiaGlobal sofia;
  loop::SuRootLoop loop{sofia};
  CurlGlobal curl_global;
  TestServer server;
  CurlMultiClient curl(loop, curl_global);
  LeanClient lean(loop);
  AutoClient chooser(lean, curl);
  int done = 0;
  RequestHandle by_address = chooser.send(plain_get(server.url("/echo")), [&](Result r) {
    EXPECT_TRUE(r.has_value());
    ++done;
  });
  RequestHandle by_name =
      chooser.send(plain_get("http://localhost:" + std::to_string(server.port()) + "/echo"), [&](Result r) {
        EXPECT_TRUE(r.has_value());
        ++done;
      });
  EXPECT_EQ(lean.in_flight(), 1u);
  EXPECT_EQ(curl.in_flight(), 1u);
  EXPECT_EQ(chooser.in_flight(), 2u);
  ASSERT_TRUE(loop.run_until([&] { return done == 2; }, std::chrono::milliseconds(4000)));
}

}  // namespace
}  // namespace ctib::http::testing
