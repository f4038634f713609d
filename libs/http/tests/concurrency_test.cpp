#include <algorithm>

#include "libs/http/tests/http_fixture.hpp"

namespace ctib::http::testing {
namespace {

TEST_P(HttpTest, SequentialRequestsReuseOneConnection) {
  int completed = 0;
  int ok = 0;
  RequestHandle handle;
  std::function<void()> next = [&] {
    handle = client_->send(get(server_.url("/echo")), [&](Result r) {
      if (r.has_value() && r->status == 200) ++ok;
      if (++completed < 20) next();
    });
  };
  next();
  ASSERT_TRUE(run_until([&] { return completed == 20; }));
  EXPECT_EQ(ok, 20);
  EXPECT_EQ(server_.requests_received(), 20u);
  EXPECT_EQ(server_.connections_accepted(), 1u);
}

TEST_P(HttpTest, TwoHundredConcurrentRequestsAllComplete) {
  std::vector<std::shared_ptr<Outcome>> outcomes;
  outcomes.reserve(200);
  for (int i = 0; i < 200; ++i) {
    Request req = get(server_.url("/echo"));
    req.method = Method::Post;
    req.body = std::to_string(i);
    outcomes.push_back(send(std::move(req)));
  }
  EXPECT_EQ(client_->in_flight(), 200u);
  ASSERT_TRUE(run_until([&] {
    return std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o->done(); });
  }));
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(outcomes[i]->result->has_value()) << i << ": " << outcomes[i]->failure().detail;
    EXPECT_EQ(outcomes[i]->response().body, std::to_string(i));
    EXPECT_EQ(outcomes[i]->calls, 1);
  }
  EXPECT_EQ(client_->in_flight(), 0u);
  EXPECT_LE(server_.connections_accepted(), 64u);  // ClientOptions::max_connections
}

TEST_P(HttpTest, SlowRequestDoesNotHoldBackLaterFastOnes) {
  auto slow = send(get(server_.url("/delay/1500")));
  // The slow request is on the wire and occupies its connection.
  ASSERT_TRUE(run_until([&] { return server_.requests_received() == 1; }));
  std::vector<std::shared_ptr<Outcome>> fast;
  fast.reserve(5);
  for (int i = 0; i < 5; ++i) fast.push_back(send(get(server_.url("/echo"))));
  ASSERT_TRUE(run_until(
      [&] { return std::all_of(fast.begin(), fast.end(), [](const auto& o) { return o->done(); }); }));
  // Ordering, not timing: every fast answer arrived while the slow one was pending.
  EXPECT_FALSE(slow->done());
  for (const auto& f : fast) {
    ASSERT_TRUE(f->result->has_value()) << f->failure().detail;
    EXPECT_EQ(f->response().status, 200);
  }
  ASSERT_TRUE(run_until([&] { return slow->done(); }));
  ASSERT_TRUE(slow->result->has_value()) << slow->failure().detail;
  EXPECT_EQ(slow->response().body, "delayed");
}

// A client allowed two connections per host, for the tests of what happens
// to the requests beyond them.
class HttpSlotsTest : public HttpTest {
 protected:
  HttpSlotsTest() {
    ClientOptions options = default_options();
    options.max_connections = 2;
    make_client(options);
  }
};

TEST_P(HttpSlotsTest, RequestsBeyondTheCapWaitTheirTurnAndAllComplete) {
  std::vector<std::shared_ptr<Outcome>> outcomes;
  for (int i = 0; i < 30; ++i) {
    Request req = get(server_.url("/delay/10"));
    req.total_timeout = milliseconds(3000);
    req.connect_timeout = milliseconds(3000);
    outcomes.push_back(send(std::move(req)));
  }
  ASSERT_TRUE(run_until([&] {
    return std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o->done(); });
  }));
  for (const auto& o : outcomes) {
    ASSERT_TRUE(o->result->has_value()) << o->failure().detail;
    EXPECT_EQ(o->response().body, "delayed");
  }
  EXPECT_EQ(server_.requests_received(), 30u);
  EXPECT_LE(server_.connections_accepted(), 2u);
  EXPECT_EQ(client_->in_flight(), 0u);
}

TEST_P(HttpSlotsTest, AWaitingRequestFailsAsConnectTimeoutWhenNoSlotFreesInTime) {
  auto first = send(get(server_.url("/delay/1500")));
  auto second = send(get(server_.url("/delay/1500")));
  Request third = get(server_.url("/echo"));
  third.connect_timeout = milliseconds(100);
  auto waiting = send(std::move(third));
  ASSERT_TRUE(run_until([&] { return waiting->done(); }));
  ASSERT_FALSE(waiting->result->has_value());
  EXPECT_EQ(waiting->failure().reason, Failure::Reason::ConnectTimeout);
  EXPECT_NE(waiting->failure().detail.find("no free connection"), std::string::npos)
      << waiting->failure().detail;
  EXPECT_FALSE(first->done());
  EXPECT_LE(server_.requests_received(), 2u);  // the third never reached the server
  ASSERT_TRUE(run_until([&] { return first->done() && second->done(); }));
  EXPECT_TRUE(first->result->has_value());
  EXPECT_TRUE(second->result->has_value());
}

TEST_P(HttpSlotsTest, CancellingAWaitingRequestNeverCallsBackAndFreesItsTurn) {
  auto first = send(get(server_.url("/delay/200")));
  auto second = send(get(server_.url("/delay/200")));
  RequestHandle handle;
  auto cancelled = send(get(server_.url("/echo")), &handle);
  auto last = send(get(server_.url("/echo")));
  handle.cancel();
  ASSERT_TRUE(run_until([&] { return last->done(); }));
  ASSERT_TRUE(last->result->has_value()) << last->failure().detail;
  EXPECT_FALSE(cancelled->done());
  ASSERT_TRUE(run_until([&] { return first->done() && second->done(); }));
  EXPECT_EQ(server_.requests_received(), 3u);
}

TEST_P(HttpSlotsTest, AnotherHostIsNotHeldUpByABusyOne) {
  TestServer other;
  auto first = send(get(server_.url("/delay/1500")));
  auto second = send(get(server_.url("/delay/1500")));
  Request patient = get(server_.url("/echo"));  // waits for the busy host
  patient.connect_timeout = milliseconds(3000);
  auto third = send(std::move(patient));
  auto elsewhere = send(get(other.url("/echo")));
  ASSERT_TRUE(run_until([&] { return elsewhere->done(); }));
  ASSERT_TRUE(elsewhere->result->has_value()) << elsewhere->failure().detail;
  EXPECT_FALSE(third->done());
  ASSERT_TRUE(run_until([&] { return third->done(); }));
  EXPECT_TRUE(third->result->has_value());
}

INSTANTIATE_TEST_SUITE_P(Clients, HttpSlotsTest, ::testing::Values(ClientKind::Curl, ClientKind::Lean),
                         client_name);

}  // namespace
}  // namespace ctib::http::testing
