// The record writer against a real SQLite repository: queued routing
// records reach the database on flush() and on stop(), and a hangup merged
// before its routing request is written still ends as one correct record.
#include "numbers/records/record_writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>
#include <vector>

#include "numbers/records/record_service.hpp"
#include "numbers/storage/sqlite/sqlite.hpp"

namespace ctib::numbers::records {
namespace {

using namespace std::chrono_literals;
using model::Event;

class NumbersRecordWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ctib-writer-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    repo_ = storage::sqlite::open((dir_ / "n.db").string(), 4, clock_.now());
  }
  void TearDown() override {
    repo_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Notification request(const std::string& uuid) {
    Notification n;
    n.event = Event::request;
    n.uuid = uuid;
    n.caller = "+8613800000001";
    n.destination = "+8617100000001";
    return n;
  }

  static model::RouteDecision dialled() {
    model::Binding b;
    b.id = "bnd_1";
    b.a = "+8613800000001";
    b.b = "+8613900000001";
    b.x = "+8617100000001";
    b.record = true;
    model::RouteDecision d;
    d.binding = b;
    d.dial = model::Dial{"gw", b.b, b.x, true, 0, ""};
    d.direction = model::Direction::a_to_peer;
    d.peer = b.b;
    return d;
  }

  PendingRequest pending(const std::string& uuid) const {
    return PendingRequest{request(uuid), dialled(), "+8617100000001", clock_.now()};
  }

  std::optional<model::CallRecord> stored(const std::string& uuid) {
    return repo_->begin(storage::SessionKind::read)->find_record(uuid);
  }

  std::vector<std::string> log_;
  std::function<void(std::string_view)> log() {
    return [this](std::string_view line) { log_.emplace_back(line); };
  }

  model::FakeClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<storage::Repository> repo_;
};

TEST_F(NumbersRecordWriterTest, FlushWritesWhatWasQueuedWithItsTimeOfReceipt) {
  RecordWriter writer(*repo_, WriterOptions{}, log());
  writer.start();
  const model::Instant received = clock_.now();
  writer.push(pending("u1"));
  clock_.advance(30s);  // the record keeps the time the request came
  writer.flush();
  const auto r = stored("u1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->binding_id, "bnd_1");
  EXPECT_EQ(r->direction, model::Direction::a_to_peer);
  EXPECT_EQ(r->callee, "+8613900000001");
  EXPECT_EQ(r->call_time, received);
  EXPECT_TRUE(r->has_seen(Event::request));
  EXPECT_TRUE(log_.empty());
}

TEST_F(NumbersRecordWriterTest, ALoneRecordIsWrittenWithinTheIntervalWithoutAFlush) {
  RecordWriter writer(*repo_, WriterOptions{std::chrono::milliseconds(5), 512, 1024}, log());
  writer.start();
  writer.push(pending("alone"));
  // Bounded wait for the event, not a timing assertion: 5 s >> 5 ms.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (writer.stats().written_total == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(writer.stats().written_total, 1u);
  EXPECT_TRUE(stored("alone"));
}

TEST_F(NumbersRecordWriterTest, StopWritesEverythingQueued) {
  // An interval and batch the test never reaches: only stop() can write.
  RecordWriter writer(*repo_, WriterOptions{std::chrono::milliseconds(3'600'000), 1'000'000, 1'000'000}, log());
  writer.start();
  for (int i = 0; i < 300; ++i) writer.push(pending("u" + std::to_string(i)));
  const WriterStats queued = writer.stats();
  EXPECT_EQ(queued.capacity, 1'000'000u);
  EXPECT_EQ(queued.queued + queued.written_total, 300u);
  writer.stop();
  const WriterStats after = writer.stats();
  EXPECT_EQ(after.queued, 0u);
  EXPECT_EQ(after.written_total, 300u);
  EXPECT_EQ(after.failed_total, 0u);
  EXPECT_TRUE(after.last_batch_at);
  for (int i = 0; i < 300; ++i) EXPECT_TRUE(stored("u" + std::to_string(i))) << i;
  // After stop a push is written at once.
  writer.push(pending("late"));
  EXPECT_TRUE(stored("late"));
}

TEST_F(NumbersRecordWriterTest, BatchesAreBoundedAndFlushWaitsForAll) {
  RecordWriter writer(*repo_, WriterOptions{std::chrono::milliseconds(1), 7, 16}, log());
  writer.start();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&writer, this, t] {
      for (int i = 0; i < 50; ++i) writer.push(pending("t" + std::to_string(t) + "-" + std::to_string(i)));
    });
  }
  for (auto& t : threads) t.join();
  writer.flush();
  const auto page = repo_->begin(storage::SessionKind::read)->list_records({}, {0, 1});
  EXPECT_EQ(page.total, 200);
}

TEST_F(NumbersRecordWriterTest, OneBatchWithHungUpAndRepeatedCallsGivesOneCorrectRecordEach) {
  // One batch of 101 requests (multi-row inserts): two calls were hung up
  // before the batch was written, and one request was sent twice.
  RecordWriter writer(*repo_, WriterOptions{std::chrono::milliseconds(3'600'000), 1'000'000, 1'000'000},
                      log());
  writer.start();
  RecordService service(*repo_, clock_, &writer);
  for (int i = 0; i < 100; ++i)
    service.on_request(request("u" + std::to_string(i)), dialled(), "+8617100000001");
  service.on_request(request("u5"), dialled(), "+8617100000001");
  for (const char* uuid : {"u3", "u70"}) {
    Notification hangup = request(uuid);
    hangup.event = Event::hangup;
    hangup.cause_name = "NORMAL_CLEARING";
    hangup.hangup_by = model::ReleaseSide::caller;
    service.on_event(hangup);
  }
  EXPECT_EQ(stored("u3")->binding_id, "");
  writer.stop();
  EXPECT_EQ(repo_->begin(storage::SessionKind::read)->list_records({}, {0, 1}).total, 100);
  for (const char* uuid : {"u3", "u70"}) {
    const auto r = stored(uuid);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->binding_id, "bnd_1") << uuid;
    EXPECT_EQ(r->cause_name, "NORMAL_CLEARING") << uuid;
    EXPECT_TRUE(r->has_seen(Event::request)) << uuid;
    EXPECT_TRUE(r->has_seen(Event::hangup)) << uuid;
  }
  for (const char* uuid : {"u0", "u5", "u99"}) {
    const auto r = stored(uuid);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->binding_id, "bnd_1") << uuid;
    EXPECT_EQ(r->seen, static_cast<unsigned>(Event::request)) << uuid;
  }
  EXPECT_EQ(writer.stats().written_total, 101u);
  EXPECT_EQ(writer.stats().failed_total, 0u);
}

TEST_F(NumbersRecordWriterTest, HangupBeforeTheQueuedRequestStillGivesOneCorrectRecord) {
  RecordWriter writer(*repo_, WriterOptions{std::chrono::milliseconds(3'600'000), 1'000'000, 1'000'000}, log());
  writer.start();
  RecordService service(*repo_, clock_, &writer);
  const model::Instant received = clock_.now();
  service.on_request(request("u1"), dialled(), "+8617100000001");
  // The engine's hangup is merged at once, while the request still waits.
  clock_.advance(70s);
  Notification hangup = request("u1");
  hangup.event = Event::hangup;
  hangup.start = received - 1s;  // the engine's own clock
  hangup.answer = received + 8s;
  hangup.end = received + 68s;
  hangup.billsec = 60;
  hangup.cause_name = "NORMAL_CLEARING";
  hangup.hangup_by = model::ReleaseSide::callee;
  service.on_event(hangup);
  const auto early = stored("u1");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->binding_id, "");
  writer.stop();
  const auto r = stored("u1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->binding_id, "bnd_1");
  EXPECT_EQ(r->direction, model::Direction::a_to_peer);
  EXPECT_EQ(r->call_time, received - 1s);
  EXPECT_EQ(r->answer_time, received + 8s);
  EXPECT_EQ(r->release_time, received + 68s);
  EXPECT_EQ(r->billsec, 60);
  EXPECT_EQ(r->cause_name, "NORMAL_CLEARING");
  EXPECT_TRUE(r->has_seen(Event::request));
  EXPECT_TRUE(r->has_seen(Event::hangup));
  EXPECT_EQ(repo_->begin(storage::SessionKind::read)->list_records({}, {0, 10}).total, 1);
}

TEST_F(NumbersRecordWriterTest, ServiceQueriesSeeRequestsAlreadyAnswered) {
  RecordWriter writer(*repo_, WriterOptions{std::chrono::milliseconds(3'600'000), 1'000'000, 1'000'000}, log());
  writer.start();
  RecordService service(*repo_, clock_, &writer);
  service.on_request(request("u1"), dialled(), "+8617100000001");
  EXPECT_FALSE(stored("u1"));  // still queued
  const auto got = service.get("u1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->binding_id, "bnd_1");
  EXPECT_EQ(service.list({}, {0, 10}).total, 1);
}

}  // namespace
}  // namespace ctib::numbers::records
