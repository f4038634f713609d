// Call-record queries of the repository suite, for both backends.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "numbers/storage/tests/repository_fixture.hpp"

namespace ctib::numbers::storage::testing {
namespace {

using namespace std::chrono_literals;

model::CallRecord record(std::string uuid, std::string binding_id, std::string a, model::Instant at) {
  model::CallRecord r;
  r.uuid = std::move(uuid);
  r.binding_id = std::move(binding_id);
  r.a = std::move(a);
  r.x = "+8617100000001";
  r.peer = "+8613900000001";
  r.caller = r.a;
  r.direction = model::Direction::a_to_peer;
  r.call_time = at;
  r.seen = static_cast<unsigned>(model::Event::request);
  r.updated_at = at;
  return r;
}

TEST_F(NumbersRepositoryTest, InsertRecordIfAbsentNeverOverwrites) {
  {
    auto s = repo().begin(SessionKind::records);
    auto r = record("u1", "b1", "+8613800000001", now_);
    r.release_time = now_ + 65s;
    EXPECT_TRUE(s->insert_record_if_absent(r));
    auto other = record("u1", "b2", "+8613800000002", now_ + 1s);
    EXPECT_FALSE(s->insert_record_if_absent(other));
    s->commit();
  }
  const auto got = repo().begin(SessionKind::read)->find_record("u1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->binding_id, "b1");
  EXPECT_EQ(got->a, "+8613800000001");
  EXPECT_EQ(got->release_time, now_ + 65s);
  EXPECT_EQ(got->direction, model::Direction::a_to_peer);
}

// Migration 0010, decision 0027: a transfer is noted in the record; absent
// on a record written whole, kept by save_record.
TEST_F(NumbersRepositoryTest, TransferFieldsRoundTrip) {
  {
    auto s = repo().begin(SessionKind::records);
    EXPECT_TRUE(s->insert_record_if_absent(record("u1", "b1", "+8613800000001", now_)));
    s->commit();
  }
  auto got = repo().begin(SessionKind::read)->find_record("u1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->transferred_to, "");
  EXPECT_FALSE(got->transfer_time);
  {
    auto s = repo().begin(SessionKind::records);
    auto r = s->lock_record("u1", now_);
    r.transferred_to = "+8617100000005";
    r.transfer_time = now_ + 30s;
    s->save_record(r);
    s->commit();
  }
  got = repo().begin(SessionKind::read)->find_record("u1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->transferred_to, "+8617100000005");
  EXPECT_EQ(got->transfer_time, now_ + 30s);
  EXPECT_EQ(got->binding_id, "b1");
}

TEST_F(NumbersRepositoryTest, InsertRecordsIfAbsentInsertsTheNewOnesOnly) {
  // 89 records: one chunk of each multi-row size (64, 16, 4) and 5 alone;
  // every tenth existed already and must be reported and left as it was.
  constexpr int kCount = 89;
  {
    auto s = repo().begin(SessionKind::records);
    for (int i = 0; i < kCount; i += 10) {
      EXPECT_TRUE(s->insert_record_if_absent(record("u" + std::to_string(i), "old", "+8613800000001", now_)));
    }
    s->commit();
  }
  std::vector<model::CallRecord> batch;
  for (int i = 0; i < kCount; ++i)
    batch.push_back(record("u" + std::to_string(i), "new", "+8613800000002", now_ + 1s));
  {
    auto s = repo().begin(SessionKind::records);
    const std::vector<bool> inserted = s->insert_records_if_absent(batch);
    ASSERT_EQ(inserted.size(), batch.size());
    for (int i = 0; i < kCount; ++i)
      EXPECT_EQ(inserted[static_cast<std::size_t>(i)], i % 10 != 0) << "u" << i;
    s->commit();
  }
  auto read = repo().begin(SessionKind::read);
  for (int i = 0; i < kCount; ++i) {
    const auto got = read->find_record("u" + std::to_string(i));
    ASSERT_TRUE(got) << "u" << i;
    EXPECT_EQ(got->binding_id, i % 10 == 0 ? "old" : "new") << "u" << i;
    EXPECT_EQ(got->call_time, i % 10 == 0 ? now_ : now_ + 1s) << "u" << i;
  }
  EXPECT_EQ(read->list_records({}, {0, 1}).total, kCount);
}

TEST_F(NumbersRepositoryTest, LockRecordStartsEmptyAndSaveRoundTrips) {
  {
    auto s = repo().begin(SessionKind::records);
    const auto empty = s->lock_record("u1", now_);
    EXPECT_EQ(empty.uuid, "u1");
    EXPECT_EQ(empty.seen, 0u);
    auto r = record("u1", "b1", "+8613800000001", now_);
    r.answer_time = now_ + 5s;
    r.release_time = now_ + 65s;
    r.duration = 65;
    r.billsec = 60;
    r.release_side = model::ReleaseSide::callee;
    r.cause_name = "NORMAL_CLEARING";
    r.cause_q850 = 16;
    r.sip_status = 200;
    r.record = true;
    r.recording = "rec/u1.wav";
    s->save_record(r);
    s->commit();
  }
  auto s = repo().begin(SessionKind::read);
  const auto got = s->find_record("u1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->binding_id, "b1");
  EXPECT_EQ(got->direction, model::Direction::a_to_peer);
  EXPECT_EQ(got->answer_time, now_ + 5s);
  EXPECT_EQ(got->billsec, 60);
  EXPECT_EQ(got->release_side, model::ReleaseSide::callee);
  EXPECT_EQ(got->cause_q850, 16);
  EXPECT_EQ(got->sip_status, 200);
  EXPECT_FALSE(got->ring_time);
  EXPECT_EQ(got->recording, "rec/u1.wav");
  EXPECT_FALSE(got->recording_ms);  // none reported: NULL, not 0
  EXPECT_FALSE(s->find_record("u2"));
}

// Migration 0008 (decision 0023): the recording's length survives a round
// trip through each backend, and a later save can set it.
TEST_F(NumbersRepositoryTest, RecordingLengthRoundTrips) {
  {
    auto s = repo().begin(SessionKind::records);
    auto r = s->lock_record("u1", now_);
    r = record("u1", "b1", "+8613800000001", now_);
    r.record = true;
    s->save_record(r);
    s->commit();
  }
  {
    auto s = repo().begin(SessionKind::records);
    auto r = s->lock_record("u1", now_);
    EXPECT_FALSE(r.recording_ms);
    r.recording = "u1.wav";
    r.recording_ms = 3'030'123;
    s->save_record(r);
    s->commit();
  }
  const auto got = repo().begin(SessionKind::read)->find_record("u1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->recording, "u1.wav");
  EXPECT_EQ(got->recording_ms, 3'030'123);
  EXPECT_EQ(repo().begin(SessionKind::read)->list_records({"b1", "", {}, {}}, {0, 10}).items.at(0).recording_ms,
            3'030'123);
}

TEST_F(NumbersRepositoryTest, ListRecordsByBindingNumberAndTimeRangePaged) {
  {
    auto s = repo().begin(SessionKind::records);
    for (int i = 0; i < 5; ++i) {
      const std::string uuid = "u" + std::to_string(i);
      s->lock_record(uuid, now_);
      s->save_record(record(uuid, i < 3 ? "b1" : "b2", i % 2 ? "+8613800000001" : "+8613800000002",
                            now_ + std::chrono::seconds(i * 10)));
    }
    s->commit();
  }
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->list_records({"b1", "", {}, {}}, {0, 10}).total, 3);
  EXPECT_EQ(s->list_records({"", "+8613800000001", {}, {}}, {0, 10}).total, 2);
  EXPECT_EQ(s->list_records({"", "+8617100000001", {}, {}}, {0, 10}).total, 5);
  const auto range = s->list_records({"", "", now_ + 10s, now_ + 30s}, {0, 10});
  ASSERT_EQ(range.total, 2);
  EXPECT_EQ(range.items[0].uuid, "u2");  // newest first
  const auto page = s->list_records({}, {2, 2});
  EXPECT_EQ(page.total, 5);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].uuid, "u2");
}

// Concurrent merges of one call's notifications must not lose an update:
// each thread sets its own bit under lock_record.
TEST_F(NumbersRepositoryTest, ConcurrentRecordMergesAreSerialised) {
  constexpr int kThreads = 6;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &failures] {
      try {
        auto s = repo().begin(SessionKind::records);
        auto r = s->lock_record("shared", now_);
        std::this_thread::sleep_for(5ms);
        r.seen |= 1u << t;
        r.updated_at = now_;
        s->save_record(r);
        s->commit();
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->find_record("shared")->seen, (1u << kThreads) - 1);
}

}  // namespace
}  // namespace ctib::numbers::storage::testing
