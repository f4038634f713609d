// The call journal's records and file: round trip, torn and damaged
// records, reopen, compaction.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/events/call_journal.hpp"
#include "engine/events/tests/spool_dir.hpp"

namespace ctib::events {
namespace {

namespace fs = std::filesystem;

JournalRecord start(const std::string& uuid, std::int64_t at) {
  JournalRecord r;
  r.kind = RecordKind::Start;
  r.at_us = at;
  r.uuid = uuid;
  r.route.url = "http://127.0.0.1:1/route?t=1";
  r.route.method = routing::HttpMethod::Post;
  r.route.connect_timeout = std::chrono::milliseconds(700);
  r.caller_id_number = "1380000\"0000";
  r.destination_number = "95000";
  r.start_us = at - 5;
  return r;
}

JournalRecord answer(const std::string& uuid, std::int64_t at) {
  JournalRecord r;
  r.kind = RecordKind::Answer;
  r.at_us = at;
  r.uuid = uuid;
  r.answer_us = at;
  r.dialed = "sofia/gateway/gw/123";
  return r;
}

JournalRecord end(const std::string& uuid, std::int64_t at) {
  JournalRecord r;
  r.kind = RecordKind::End;
  r.at_us = at;
  r.uuid = uuid;
  r.hangup = SpooledNotification{uuid, {routing::HttpMethod::Get, "http://h/x?action=hangup&uuid=" + uuid, "", ""},
                                 std::chrono::milliseconds(1000), std::chrono::milliseconds(2000)};
  return r;
}

JournalRecord done(const std::string& uuid, std::int64_t at) {
  JournalRecord r;
  r.kind = RecordKind::Done;
  r.at_us = at;
  r.uuid = uuid;
  return r;
}

TEST(JournalRecord, EveryKindRoundTrips) {
  JournalRecord alive;
  alive.at_us = 42;
  for (const auto& r : {start("a", 10), answer("a", 11), end("a", 12), done("a", 13), alive}) {
    const std::string line = encode_record(r);
    ASSERT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line per record";
    auto parsed = parse_record(std::string_view(line).substr(0, line.size() - 1));
    ASSERT_TRUE(parsed) << line;
    EXPECT_EQ(*parsed, r);
  }
}

TEST(JournalRecord, DamagedOrMistypedRecordsAreRefused) {
  std::string line = encode_record(start("a", 10));
  line.pop_back();
  EXPECT_FALSE(parse_record(line.substr(0, line.size() - 3))) << "torn";
  std::string flipped = line;
  flipped[20] ^= 1;
  EXPECT_FALSE(parse_record(flipped)) << "checksum";
  EXPECT_FALSE(parse_record(""));
  EXPECT_FALSE(parse_record("00000000 {}"));
  // Valid checksum, wrong types: a record is checked field by field.
  auto sign = [](const std::string& json) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : json) h = (h ^ c) * 16777619u;
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", h);
    return std::string(hex) + " " + json;
  };
  EXPECT_TRUE(parse_record(sign(R"({"k":"done","at":1,"uuid":"u"})")));
  EXPECT_FALSE(parse_record(sign(R"({"k":"done","at":-1,"uuid":"u"})")));
  EXPECT_FALSE(parse_record(sign(R"({"k":"done","at":1,"uuid":""})")));
  EXPECT_FALSE(parse_record(sign(R"({"k":"gone","at":1,"uuid":"u"})")));
  EXPECT_FALSE(parse_record(sign(R"({"k":"answer","at":1,"uuid":"u","answer_us":"5","dialed":""})")));
  EXPECT_FALSE(parse_record(sign(R"({"k":"end","at":1,"uuid":"u","hangup":{}})")));
}

class JournalFileTest : public testing::SpoolDirTest {
 protected:
  void SetUp() override {
    SpoolDirTest::SetUp();
    fs::create_directories(dir);
    path = dir / "calls.journal";
  }
  fs::path path;
};

TEST_F(JournalFileTest, ReopenedJournalShowsWhatIsStillOpen) {
  {
    CallJournal j(path);
    std::string error;
    std::string bytes = encode_record(start("up", 100)) + encode_record(answer("up", 200)) +
                        encode_record(start("over", 110)) + encode_record(end("over", 300)) +
                        encode_record(start("gone", 120)) + encode_record(end("gone", 310)) +
                        encode_record(done("gone", 320));
    ASSERT_TRUE(j.append(bytes, true, error)) << error;
    EXPECT_EQ(j.size(), bytes.size());
  }
  CallJournal reopened(path);
  std::string error;
  JournalRecord alive;
  alive.at_us = 400;
  ASSERT_TRUE(reopened.append(encode_record(alive), true, error));
  const JournalRead read = read_journal(path);
  EXPECT_TRUE(read.skipped.empty());
  const auto& calls = read.state.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_TRUE(calls.at("up").answer);
  EXPECT_FALSE(calls.at("up").end);
  EXPECT_TRUE(calls.at("over").end);
  EXPECT_TRUE(read.state.any_up());
  EXPECT_EQ(read.state.last_alive_us(), 400);
}

TEST_F(JournalFileTest, ATornTailAndADamagedLineAreSkippedAndTheRestRead) {
  {
    std::ofstream out(path, std::ios::binary);
    out << encode_record(start("a", 100)) << "0badc0de {\"k\":\"start\"}\n" << encode_record(start("b", 200));
    const std::string torn = encode_record(answer("a", 300));
    out << torn.substr(0, torn.size() / 2);  // the write a SIGKILL or power cut cut short
  }
  const JournalRead read = read_journal(path);
  ASSERT_EQ(read.skipped.size(), 2u);
  EXPECT_EQ(read.skipped[0], "line 2: damaged record, skipped");
  EXPECT_EQ(read.skipped[1], "line 4: torn record (no end of line), skipped");
  EXPECT_EQ(read.state.calls().size(), 2u);
  EXPECT_FALSE(read.state.calls().at("a").answer);
  EXPECT_EQ(read.state.last_alive_us(), 200);
}

TEST_F(JournalFileTest, RewriteKeepsOnlyTheLiveCallsAndAppendsContinue) {
  CallJournal j(path);
  std::string error;
  JournalState state;
  std::string bytes;
  for (int i = 0; i < 50; ++i) {
    const std::string uuid = "c" + std::to_string(i);
    for (const auto& r : {start(uuid, 100 + i), end(uuid, 200 + i), done(uuid, 300 + i)}) {
      bytes += encode_record(r);
      state.apply(r);
    }
  }
  for (const auto& r : {start("up", 400), answer("up", 410), start("ended", 420), end("ended", 430)}) {
    bytes += encode_record(r);
    state.apply(r);
  }
  ASSERT_TRUE(j.append(bytes, true, error)) << error;
  const auto before = j.size();
  ASSERT_TRUE(j.rewrite(state.snapshot(), error)) << error;
  EXPECT_LT(j.size(), before / 10);
  EXPECT_EQ(fs::file_size(path), j.size());
  EXPECT_FALSE(fs::exists(fs::path(path).concat(".tmp")));
  ASSERT_TRUE(j.append(encode_record(done("ended", 500)), false, error)) << error;

  const JournalRead read = read_journal(path);
  EXPECT_TRUE(read.skipped.empty());
  ASSERT_EQ(read.state.calls().size(), 1u);
  EXPECT_TRUE(read.state.calls().at("up").answer);
  EXPECT_EQ(read.state.last_alive_us(), 500);
}

TEST(JournalState, CountsCallsUpThroughEveryChange) {
  JournalState s;
  EXPECT_FALSE(s.any_up());
  s.apply(start("a", 1));
  s.apply(start("a", 2));  // fallback route: still one call
  EXPECT_TRUE(s.any_up());
  s.apply(end("a", 3));
  EXPECT_FALSE(s.any_up());
  s.apply(start("b", 4));
  s.settle("b");
  EXPECT_FALSE(s.any_up());
  EXPECT_TRUE(s.calls().contains("a"));
  s.apply(done("a", 5));
  EXPECT_TRUE(s.calls().empty());
}

}  // namespace
}  // namespace ctib::events
