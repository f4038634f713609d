#include <algorithm>

#include "libs/http/tests/http_fixture.hpp"

namespace ctib::http::testing {
namespace {

TEST_F(HttpTest, SequentialRequestsReuseOneConnection) {
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

TEST_F(HttpTest, TwoHundredConcurrentRequestsAllComplete) {
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

TEST_F(HttpTest, SlowRequestDoesNotHoldBackLaterFastOnes) {
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

}  // namespace
}  // namespace ctib::http::testing
