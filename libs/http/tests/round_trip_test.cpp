#include "libs/http/tests/http_fixture.hpp"

namespace ctib::http::testing {
namespace {

TEST_P(HttpTest, GetRoundTrip) {
  Request req = get(server_.url("/echo"));
  req.headers.push_back({"X-Test", "abc"});
  auto out = send(std::move(req));
  EXPECT_FALSE(out->done()) << "never called back from inside send()";
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_TRUE(out->result->has_value()) << out->failure().detail;
  EXPECT_EQ(out->response().status, 200);
  EXPECT_EQ(out->response().body, "");
  ASSERT_NE(out->response().header("x-method"), nullptr);
  EXPECT_EQ(*out->response().header("X-METHOD"), "GET");
  EXPECT_EQ(*out->response().header("X-Test"), "abc");
  EXPECT_EQ(out->response().header("X-Absent"), nullptr);
  EXPECT_GE(out->response().total_time.count(), 0);
  EXPECT_EQ(client_->in_flight(), 0u);
}

TEST_P(HttpTest, PostRoundTrip) {
  Request req = get(server_.url("/echo"));
  req.method = Method::Post;
  req.body = R"({"caller":"1001","callee":"2002"})";
  req.content_type = "application/json";
  auto out = send(std::move(req));
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_TRUE(out->result->has_value()) << out->failure().detail;
  EXPECT_EQ(out->response().status, 200);
  EXPECT_EQ(out->response().body, R"({"caller":"1001","callee":"2002"})");
  EXPECT_EQ(*out->response().header("X-Method"), "POST");
  EXPECT_EQ(*out->response().header("X-Content-Type"), "application/json");
}

// Easy handles are reset and reused (client_core.cpp): nothing of a
// finished request may leak into the next one on the same handle.
TEST_P(HttpTest, AReusedHandleCarriesNothingOfTheRequestBefore) {
  Request post = get(server_.url("/echo"));
  post.method = Method::Post;
  post.body = "first";
  post.content_type = "text/plain";
  post.headers.push_back({"X-Test", "first"});
  auto first = send(std::move(post));
  ASSERT_TRUE(run_until([&] { return first->done(); }));
  ASSERT_TRUE(first->result->has_value()) << first->failure().detail;
  EXPECT_EQ(first->response().body, "first");

  for (int i = 0; i < 3; ++i) {
    auto next = send(get(server_.url("/echo")));
    ASSERT_TRUE(run_until([&] { return next->done(); }));
    ASSERT_TRUE(next->result->has_value()) << next->failure().detail;
    EXPECT_EQ(*next->response().header("X-Method"), "GET");
    EXPECT_EQ(next->response().body, "");
    // The echo server sets these empty when the request had none.
    EXPECT_EQ(*next->response().header("X-Test"), "");
    EXPECT_EQ(*next->response().header("X-Content-Type"), "");
  }
  EXPECT_EQ(client_->in_flight(), 0u);
}

TEST_P(HttpTest, NonSuccessStatusIsAResponse) {
  auto not_found = send(get(server_.url("/status/404")));
  auto unavailable = send(get(server_.url("/status/503")));
  ASSERT_TRUE(run_until([&] { return not_found->done() && unavailable->done(); }));
  ASSERT_TRUE(not_found->result->has_value());
  ASSERT_TRUE(unavailable->result->has_value());
  EXPECT_EQ(not_found->response().status, 404);
  EXPECT_EQ(not_found->response().body, "status");
  EXPECT_EQ(unavailable->response().status, 503);
}

TEST_P(HttpTest, BodyExactlyAtTheLimitIsAccepted) {
  auto out = send(get(server_.url("/chunked/1000")));
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_TRUE(out->result->has_value()) << out->failure().detail;
  EXPECT_EQ(out->response().body.size(), 1000u);
}

TEST_P(HttpTest, HeaderInjectionIsRejectedOnTheLoopNotInsideSend) {
  Request req = get(server_.url("/echo"));
  req.headers.push_back({"X-Test", "a\r\nX-Evil: 1"});
  auto out = send(std::move(req));
  EXPECT_FALSE(out->done());
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::Other);
  EXPECT_EQ(server_.requests_received(), 0u);
}

TEST_P(HttpTest, MalformedUrlIsAFailure) {
  auto out = send(get("ftp://127.0.0.1/"));
  ASSERT_TRUE(run_until([&] { return out->done(); }));
  ASSERT_FALSE(out->result->has_value());
  EXPECT_EQ(out->failure().reason, Failure::Reason::Other);
  EXPECT_FALSE(out->failure().detail.empty());
}

INSTANTIATE_TEST_SUITE_P(Clients, HttpTest, ::testing::Values(ClientKind::Curl, ClientKind::Lean),
                         client_name);

}  // namespace
}  // namespace ctib::http::testing
