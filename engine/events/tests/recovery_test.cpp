// The call journal through the Spool and the Notifier: a previous run's
// journal becomes hangup notifications at start (CRASH for calls up, the
// call's own for those ended but not proven delivered), exactly once; and
// a hangup is sent only once its end record is on disk.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <fstream>
#include <sstream>

#include "engine/events/call_journal.hpp"
#include "engine/events/notifier.hpp"
#include "engine/events/spool.hpp"
#include "engine/events/tests/spool_dir.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::events {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::int64_t kT0 = 1'700'000'000'000'000;  // µs; every test's "start"
constexpr std::int64_t kSecond = 1'000'000;
JournalOptions journal_options(std::chrono::milliseconds heartbeat = 500ms, std::uint64_t compact_bytes = 4u << 20) {
  JournalOptions o;
  o.enabled = true;
  o.heartbeat = heartbeat;
  o.compact_bytes = compact_bytes;
  return o;
}
const JournalOptions kJournal = journal_options();

class FakeTransport final : public NotificationTransport {
 public:
  explicit FakeTransport(loop::EventLoop& loop) : loop_(loop) {}
  void send(const routing::HttpRequest& request, std::chrono::milliseconds, std::chrono::milliseconds,
            std::function<void(Delivery)> done) override {
    sent.push_back(request);
    loop_.post([done = std::move(done)] { done(Delivery{true, ""}); });
  }
  loop::EventLoop& loop_;
  std::vector<routing::HttpRequest> sent;
};

class RecoveryTest : public testing::SpoolDirTest {
 protected:
  void SetUp() override {
    SpoolDirTest::SetUp();
    fs::create_directories(dir);
  }

  // The journal a killed engine left: written record by record, as its
  // writer would have.
  void journal(const std::vector<JournalRecord>& records, const std::string& torn_tail = "") {
    std::ofstream out(dir / "calls.journal", std::ios::binary | std::ios::app);
    for (const auto& r : records) out << encode_record(r);
    out << torn_tail;
  }

  static JournalRecord start(const std::string& uuid, std::int64_t at) {
    JournalRecord r;
    r.kind = RecordKind::Start;
    r.at_us = at;
    r.uuid = uuid;
    r.route.url = "http://127.0.0.1:1/route?t=1";
    r.caller_id_number = "13800000000";
    r.destination_number = "95000";
    r.start_us = at;
    return r;
  }
  static JournalRecord answer(const std::string& uuid, std::int64_t at) {
    JournalRecord r;
    r.kind = RecordKind::Answer;
    r.at_us = at;
    r.uuid = uuid;
    r.answer_us = at;
    r.dialed = "sofia/gateway/gw/139";
    return r;
  }
  static JournalRecord alive(std::int64_t at) {
    JournalRecord r;
    r.at_us = at;
    return r;
  }

  std::string spooled(const std::string& uuid) {
    std::ifstream in(dir / (uuid + ".json"));
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  static bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

  loop::SofiaGlobal sofia;
  loop::SuRootLoop loop{sofia};
  spdlog::logger log{"test", std::make_shared<spdlog::sinks::null_sink_mt>()};
};

TEST_F(RecoveryTest, CallsUpAtTheCrashGetACrashHangupWithTheirJournalledTimes) {
  const JournalRecord ended_start = start("ended", kT0);
  JournalRecord ended = ended_start;
  ended.kind = RecordKind::End;
  ended.at_us = kT0 + 2 * kSecond;
  ended.hangup = SpooledNotification{"ended", {routing::HttpMethod::Get, "http://h/?action=hangup&uuid=ended", "", "", ""},
                                     3000ms, 3000ms};
  JournalRecord delivered = start("delivered", kT0);
  JournalRecord done;
  done.kind = RecordKind::Done;
  done.uuid = "delivered";
  journal({start("answered", kT0 + 300'000), answer("answered", kT0 + 5 * kSecond + 100), start("ringing", kT0 + 10 * kSecond),
           ended_start, ended, delivered, done, alive(kT0 + 65 * kSecond + 900'000)},
          "1234abcd {\"k\":\"ali");

  Spool spool(dir, 1h, kJournal);
  const Recovery& rec = spool.recovery();
  EXPECT_EQ(rec.crashed, (std::vector<std::string>{"answered", "ringing"}));
  EXPECT_EQ(rec.ended, (std::vector<std::string>{"ended"}));
  EXPECT_EQ(rec.skipped.size(), 1u) << "the torn tail";
  EXPECT_EQ(spooled_files(), 3u) << "nothing for the delivered call";

  const std::string a = spooled("answered");
  EXPECT_TRUE(has(a, "hangup_cause=CRASH")) << a;
  EXPECT_TRUE(has(a, "hangup_cause_q850=16")) << a;  // FreeSWITCH: causes > 127 report NORMAL_CLEARING
  EXPECT_TRUE(has(a, "start_epoch=1700000000&answer_epoch=1700000005&end_epoch=1700000065")) << a;
  EXPECT_TRUE(has(a, "duration=65&billsec=60")) << a;
  EXPECT_TRUE(has(a, "sip_term_status=200")) << a;
  EXPECT_TRUE(has(a, "dialed=sofia%2Fgateway%2Fgw%2F139&hangup_by=system")) << a;
  const std::string r = spooled("ringing");
  EXPECT_TRUE(has(r, "answer_epoch=0&end_epoch=1700000065&duration=55&billsec=0")) << r;
  EXPECT_TRUE(has(r, "sip_term_status=&")) << r;
  EXPECT_TRUE(has(spooled("ended"), "uuid=ended")) << "its own hangup, not a CRASH one";
  EXPECT_FALSE(has(spooled("ended"), "CRASH"));

  // The old journal is replaced once the hangups are in the spool.
  EXPECT_TRUE(read_journal(dir / "calls.journal").state.calls().empty());
}

TEST_F(RecoveryTest, ARestartDuringRecoverySendsTheSameValuesAndALaterOneNothingNew) {
  journal({start("u", kT0), answer("u", kT0 + kSecond), alive(kT0 + 9 * kSecond)});
  const fs::path saved = dir / "journal.copy";
  fs::copy_file(dir / "calls.journal", saved);
  std::string first;
  {
    Spool spool(dir, 1h, kJournal);
    first = spooled("u");
  }
  // A crash after the hangup was spooled but before the journal was
  // replaced: the same journal is recovered again, to the same bytes.
  fs::copy_file(saved, dir / "calls.journal", fs::copy_options::overwrite_existing);
  fs::remove(saved);
  {
    Spool spool(dir, 1h, kJournal);
    EXPECT_EQ(spooled("u"), first);
  }
  // A later restart: the journal is empty; only the spool replays it.
  Spool spool(dir, 1h, kJournal);
  EXPECT_TRUE(spool.recovery().crashed.empty());
  EXPECT_EQ(spooled_files(), 1u);
  EXPECT_EQ(spooled("u"), first);
}

TEST_F(RecoveryTest, TheWriterJournalsTheCallAndForgetsItOnceDelivered) {
  {
    Spool spool(dir, 1h, kJournal);
    spool.record(start("up", kT0));
    spool.record(start("over", kT0));
    spool.store(SpooledNotification{"over", {routing::HttpMethod::Get, "http://h/?uuid=over", "", "", ""}, 1s, 1s});
    spool.record(start("gone", kT0));
    spool.store(SpooledNotification{"gone", {routing::HttpMethod::Get, "http://h/?uuid=gone", "", "", ""}, 1s, 1s});
    spool.remove("gone");
    spool.flush();
    const JournalRead read = read_journal(dir / "calls.journal");
    ASSERT_EQ(read.state.calls().size(), 2u);
    EXPECT_FALSE(read.state.calls().at("up").end);
    EXPECT_TRUE(read.state.calls().at("over").end);
  }
  // The "up" call never ended: the next start gives it a CRASH hangup.
  Spool spool(dir, 1h, kJournal);
  EXPECT_EQ(spool.recovery().crashed, std::vector<std::string>{"up"});
  EXPECT_EQ(spool.recovery().ended, std::vector<std::string>{"over"});
}

TEST_F(RecoveryTest, HeartbeatsProveTheEngineAliveWhileCallsAreUp) {
  Spool spool(dir, 1h, journal_options(20ms));
  spool.record(start("up", kT0));
  std::this_thread::sleep_for(150ms);
  const auto first = read_journal(dir / "calls.journal").state.last_alive_us();
  std::this_thread::sleep_for(100ms);
  const auto later = read_journal(dir / "calls.journal").state.last_alive_us();
  EXPECT_GT(first, kT0);
  EXPECT_GE(later - first, 50'000) << "heartbeats keep coming while the call is up";
}

TEST_F(RecoveryTest, TheJournalIsCompactedOnceItOutgrowsItsLimit) {
  Spool spool(dir, 0ms, journal_options(1000ms, 4096));
  spool.record(start("held", kT0));
  for (int i = 0; i < 100; ++i) {
    const std::string uuid = "c" + std::to_string(i);
    spool.record(start(uuid, kT0));
    spool.store(SpooledNotification{uuid, {routing::HttpMethod::Get, "http://h/?uuid=" + uuid, "", "", ""}, 1s, 1s});
    spool.remove(uuid);
    spool.flush();
  }
  EXPECT_LE(fs::file_size(dir / "calls.journal"), 4096u + 2048u);
  const JournalRead read = read_journal(dir / "calls.journal");
  EXPECT_TRUE(read.skipped.empty());
  ASSERT_EQ(read.state.calls().size(), 1u);
  EXPECT_TRUE(read.state.calls().contains("held"));
}

TEST_F(RecoveryTest, AHangupIsSentOnlyOnceItsEndRecordIsOnDisk) {
  FakeTransport transport(loop);
  Spool spool(dir, 1h, kJournal);
  Notifier notifier(loop, transport, spool, log, RetryPolicy{5ms, 20ms});
  call::CallRecord record;
  record.uuid = "u-9";
  record.route.url = "http://127.0.0.1:1/route";
  record.start = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  record.end = record.start + 3s;
  notifier.on_routing(record);
  notifier.on_hangup(record);
  EXPECT_TRUE(transport.sent.empty()) << "not before the writer has committed the end record";
  ASSERT_TRUE(loop.run_until([&] { return notifier.pending() == 0; }, 5s));
  ASSERT_EQ(transport.sent.size(), 1u);
  // The journal had the end record before the request left.
  spool.flush();
  EXPECT_TRUE(read_journal(dir / "calls.journal").state.calls().empty()) << "delivered: done";
}

TEST_F(RecoveryTest, AFallbackRouteWithoutNotificationsLeavesNothingOpen) {
  FakeTransport transport(loop);
  Spool spool(dir, 1h, kJournal);
  Notifier notifier(loop, transport, spool, log, RetryPolicy{5ms, 20ms});
  call::CallRecord record;
  record.uuid = "u-10";
  record.route.url = "http://127.0.0.1:1/route";
  notifier.on_routing(record);
  record.route.notify = false;  // the fallback route asked next
  notifier.on_routing(record);
  notifier.on_hangup(record);
  spool.flush();
  EXPECT_TRUE(read_journal(dir / "calls.journal").state.calls().empty());
}

TEST_F(RecoveryTest, ReplayedCrashHangupsAreDelivered) {
  journal({start("u", kT0), alive(kT0 + kSecond)});
  FakeTransport transport(loop);
  Spool spool(dir, 1h, kJournal);
  Notifier notifier(loop, transport, spool, log, RetryPolicy{5ms, 20ms});
  notifier.replay();
  ASSERT_TRUE(loop.run_until([&] { return notifier.pending() == 0; }, 5s));
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_TRUE(has(transport.sent[0].url, "hangup_cause=CRASH"));
  spool.flush();
  EXPECT_EQ(spooled_files(), 0u);
}


// journal-sync = strict: record() of a Start returns with the record on disk
// (no flush asked), so a routing request sent after it is always journalled.
TEST_F(RecoveryTest, StrictSyncReturnsOnlyOnceTheStartIsOnDisk) {
  JournalOptions strict = kJournal;
  strict.strict = true;
  Spool spool(dir, 1h, strict);
  for (const char* uuid : {"a", "b", "c"}) {
    spool.record(start(uuid, kT0));
    const JournalRead read = read_journal(dir / "calls.journal");
    EXPECT_EQ(read.state.calls().count(uuid), 1u) << uuid;
  }
}

}  // namespace
}  // namespace ctib::events
