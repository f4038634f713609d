#include "libs/http/tests/http_fixture.hpp"

namespace ctib::http::testing {
namespace {

TEST_P(HttpTest, CancelWhileTheServerIsAnsweringNeverCallsBack) {
  RequestHandle handle;
  auto cancelled = send(get(server_.url("/delay/200")), &handle);
  ASSERT_TRUE(run_until([&] { return server_.requests_received() == 1; }));
  EXPECT_TRUE(handle.active());
  handle.cancel();
  EXPECT_FALSE(handle.active());
  EXPECT_EQ(client_->in_flight(), 0u);
  // Outlive the server's delayed answer, then prove the loop still serves.
  auto later = send(get(server_.url("/delay/300")));
  ASSERT_TRUE(run_until([&] { return later->done(); }));
  EXPECT_EQ(cancelled->calls, 0);
  handle.cancel();  // idempotent
}

TEST_P(HttpTest, CancelRightAfterSendNeverCallsBack) {
  RequestHandle handle;
  auto cancelled = send(get(server_.url("/echo")), &handle);
  handle.cancel();
  auto other = send(get(server_.url("/echo")));
  ASSERT_TRUE(run_until([&] { return other->done(); }));
  loop_.step(milliseconds(20));
  EXPECT_EQ(cancelled->calls, 0);
}

TEST_P(HttpTest, DroppingTheHandleCancels) {
  auto [outcome, callback] = recorder();
  { RequestHandle dropped = client_->send(get(server_.url("/echo")), std::move(callback)); }
  EXPECT_EQ(client_->in_flight(), 0u);
  auto other = send(get(server_.url("/echo")));
  ASSERT_TRUE(run_until([&] { return other->done(); }));
  EXPECT_EQ(outcome->calls, 0);
}

TEST_P(HttpTest, CallbackMayCancelAnotherRequest) {
  RequestHandle victim_handle;
  auto victim = send(get(server_.url("/delay/100")), &victim_handle);
  auto first = std::make_shared<Outcome>();
  RequestHandle first_handle = client_->send(get(server_.url("/echo")), [&](Result r) {
    victim_handle.cancel();
    ++first->calls;
    first->result.emplace(std::move(r));
  });
  ASSERT_TRUE(run_until([&] { return first->done(); }));
  auto later = send(get(server_.url("/delay/150")));
  ASSERT_TRUE(run_until([&] { return later->done(); }));
  EXPECT_EQ(victim->calls, 0);
}

TEST_P(HttpTest, DestroyingTheClientCancelsEverything) {
  std::vector<std::shared_ptr<Outcome>> outcomes;
  outcomes.reserve(5);
  for (int i = 0; i < 5; ++i) outcomes.push_back(send(get(server_.url("/delay/100"))));
  ASSERT_TRUE(run_until([&] { return server_.requests_received() == 5; }));
  client_.reset();
  EXPECT_FALSE(handles_.front().active());
  handles_.clear();  // cancel() on handles of a destroyed client is a no-op
  loop_.step(milliseconds(150));
  for (const auto& o : outcomes) EXPECT_EQ(o->calls, 0);
}

TEST_P(HttpTest, ClientMayBeDestroyedFromItsOwnCallback) {
  auto pending = send(get(server_.url("/delay/100")));
  bool called = false;
  RequestHandle handle = client_->send(get(server_.url("/echo")), [&](const Result&) {
    called = true;
    client_.reset();
  });
  ASSERT_TRUE(run_until([&] { return called; }));
  EXPECT_EQ(client_, nullptr);
  loop_.step(milliseconds(150));
  EXPECT_EQ(pending->calls, 0);
}

}  // namespace
}  // namespace ctib::http::testing
