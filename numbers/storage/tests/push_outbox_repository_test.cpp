// The push outbox (migration 0006) of the repository suite, for both
// backends: enqueue is idempotent per (key, url), claims lease, failures
// count and dead-letter, resend revives, and an outbox row commits or rolls
// back with the record session that wrote it.
#include <gtest/gtest.h>

#include <chrono>

#include "numbers/storage/tests/repository_fixture.hpp"

namespace ctib::numbers::storage::testing {
namespace {

using namespace std::chrono_literals;

PushItem push_item(std::int64_t id, std::string key, model::Instant at, std::string url = "http://r/in") {
  PushItem i;
  i.id = id;
  i.idempotency_key = std::move(key);
  i.url = std::move(url);
  i.kind = "event";
  i.uuid = "u1";
  i.payload = R"({"type":"event"})";
  i.created_at = at;
  i.next_attempt_at = at;
  return i;
}

std::vector<std::int64_t> ids(const std::vector<PushItem>& items) {
  std::vector<std::int64_t> out;
  for (const auto& i : items) out.push_back(i.id);
  return out;
}

TEST_F(NumbersRepositoryTest, PushEnqueueIsIdempotentPerKeyAndUrl) {
  {
    auto s = repo().begin(SessionKind::records);
    s->enqueue_push(push_item(1, "u1:callin", now_));
    s->enqueue_push(push_item(2, "u1:callin", now_));                   // same key and URL: ignored
    s->enqueue_push(push_item(3, "u1:callin", now_, "http://other/"));  // another URL: its own item
    s->commit();
  }
  auto s = repo().begin(SessionKind::records);
  const auto due = s->claim_push(now_, now_ + 30s, 10);
  EXPECT_EQ(ids(due), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(due.front().payload, R"({"type":"event"})");
  EXPECT_EQ(due.front().idempotency_key, "u1:callin");
  EXPECT_EQ(s->push_counts().pending, 2);
}

TEST_F(NumbersRepositoryTest, PushClaimLeasesInIdOrderWithinTheLimit) {
  {
    auto s = repo().begin(SessionKind::records);
    s->enqueue_push(push_item(30, "c:callin", now_));
    s->enqueue_push(push_item(10, "a:callin", now_));
    s->enqueue_push(push_item(20, "b:callin", now_));
    s->enqueue_push(push_item(40, "d:callin", now_ + 60s));  // not due yet
    s->commit();
  }
  {
    auto s = repo().begin(SessionKind::records);
    EXPECT_EQ(ids(s->claim_push(now_, now_ + 30s, 2)), (std::vector<std::int64_t>{10, 20}));
    s->commit();
  }
  auto s = repo().begin(SessionKind::records);
  // The leased ones are not due again until the lease ends.
  EXPECT_EQ(ids(s->claim_push(now_, now_ + 30s, 10)), (std::vector<std::int64_t>{30}));
  // Once it ends they are (30's lease, taken just above, ends then too);
  // 40 becomes due at its own time.
  EXPECT_EQ(ids(s->claim_push(now_ + 30s, now_ + 90s, 10)), (std::vector<std::int64_t>{10, 20, 30}));
  EXPECT_EQ(s->next_push_due(), now_ + 60s);
}

TEST_F(NumbersRepositoryTest, PushFailuresCountThenDeadLetterAndResendRevives) {
  {
    auto s = repo().begin(SessionKind::records);
    s->enqueue_push(push_item(1, "u1:record", now_));
    s->enqueue_push(push_item(2, "u2:record", now_));
    s->commit();
  }
  {
    auto s = repo().begin(SessionKind::records);
    s->fail_push(1, now_ + 5s, "HTTP 503", false);
    s->fail_push(2, now_ + 5s, "ConnectFailed: refused", true);
    s->commit();
  }
  {
    auto s = repo().begin(SessionKind::records);
    const auto due = s->claim_push(now_ + 5s, now_ + 10s, 10);
    ASSERT_EQ(ids(due), (std::vector<std::int64_t>{1}));  // the dead one is never due
    EXPECT_EQ(due.front().attempts, 1);
    EXPECT_EQ(due.front().last_error, "HTTP 503");
    EXPECT_EQ(s->push_counts().pending, 1);
    EXPECT_EQ(s->push_counts().dead, 1);
    s->commit();
  }
  const auto dead = repo().begin(SessionKind::read)->list_dead_push("", {0, 20});
  ASSERT_EQ(dead.total, 1);
  EXPECT_EQ(dead.items.front().id, 2);
  EXPECT_TRUE(dead.items.front().dead);
  EXPECT_EQ(dead.items.front().attempts, 1);
  EXPECT_EQ(dead.items.front().last_error, "ConnectFailed: refused");
  {
    auto s = repo().begin(SessionKind::records);
    EXPECT_FALSE(s->resend_push(1, "", now_));   // not dead
    EXPECT_FALSE(s->resend_push(99, "", now_));  // unknown
    EXPECT_TRUE(s->resend_push(2, "", now_ + 7s));
    EXPECT_FALSE(s->resend_push(2, "", now_ + 7s));  // already back
    s->commit();
  }
  auto s = repo().begin(SessionKind::records);
  const auto again = s->claim_push(now_ + 7s, now_ + 20s, 10);
  ASSERT_EQ(ids(again), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(again.front().attempts, 0);  // a fresh budget
  EXPECT_EQ(again.front().idempotency_key, "u2:record");
  s->delete_push(2);
  s->delete_push(1);
  s->commit();
  EXPECT_EQ(repo().begin(SessionKind::read)->push_counts().pending, 0);
  EXPECT_FALSE(repo().begin(SessionKind::read)->next_push_due().has_value());
}

TEST_F(NumbersRepositoryTest, PushRowsRollBackWithTheirRecordSession) {
  {
    auto s = repo().begin(SessionKind::records);
    auto r = s->lock_record("u9", now_);
    r.seen = static_cast<unsigned>(model::Event::ring);
    s->save_record(r);
    s->enqueue_push(push_item(1, "u9:alerting", now_));
    // no commit: both go
  }
  EXPECT_FALSE(repo().begin(SessionKind::read)->find_record("u9").has_value());
  EXPECT_EQ(repo().begin(SessionKind::read)->push_counts().pending, 0);
  {
    auto s = repo().begin(SessionKind::records);
    auto r = s->lock_record("u9", now_);
    r.seen = static_cast<unsigned>(model::Event::ring);
    s->save_record(r);
    s->enqueue_push(push_item(1, "u9:alerting", now_));
    s->commit();
  }
  EXPECT_TRUE(repo().begin(SessionKind::read)->find_record("u9").has_value());
  EXPECT_EQ(repo().begin(SessionKind::read)->push_counts().pending, 1);
}

TEST_F(NumbersRepositoryTest, BindingCallbackUrlRoundTrips) {
  add_number("+8617100000001", "010");
  auto b =
      binding("bnd_cb", model::Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 3600s);
  b.callback_url = "https://customer.example/ctib/events";
  insert(b);
  const auto found = repo().begin(SessionKind::read)->find_binding("bnd_cb");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->callback_url, "https://customer.example/ctib/events");
  // And through the routing read, whose gateway column moved one to the right.
  const auto facts = repo().begin(SessionKind::read)->routing_facts("+8617100000001", "+8613800000001", now_);
  ASSERT_EQ(facts.bindings.size(), 1u);
  EXPECT_EQ(facts.bindings.front().callback_url, "https://customer.example/ctib/events");
  EXPECT_EQ(facts.gateway, "gw-010");
}

}  // namespace
}  // namespace ctib::numbers::storage::testing
