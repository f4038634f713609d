// Recordings in call records (issue 12 item 6, docs/media.md "Recording"):
// a binding with record=true routes with ctib_record=true; the engine's
// hangup carries record_file / record_ms, which the record keeps (the file's
// name only) and links; GET /v1/records/{uuid}/recording serves the WAV to
// the record's tenant only.
#include <fstream>

#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

class RecordingsApiTest : public NumbersApiTest {
 protected:
  void SetUp() override {
    NumbersApiTest::SetUp();
    recordings_ = dir_ / "recordings";
    std::filesystem::create_directories(recordings_);
    config_.recordings_dir = recordings_.string();
    const auto imported =
        call_as(kAcmeKey, "POST", "/v1/numbers",
                {{"numbers", {{{"number", "+8617100000021"}, {"gateway", "gw-010"}, {"area_code", "010"}}}}});
    ASSERT_EQ(imported.status, 201u) << imported.body.dump();
    const auto bound = call_as(kAcmeKey, "POST", "/v1/bindings",
                               {{"mode", "AXB"},
                                {"a", "13800000001"},
                                {"b", "13900000001"},
                                {"expiration", in(3600s)},
                                {"record", true}});
    ASSERT_EQ(bound.status, 201u) << bound.body.dump();
  }

  // A call from A through X, routed; returns the routing answer.
  Reply route(const std::string& uuid) {
    return cti("action=request&uuid=" + uuid +
               "&caller_id_number=13800000001&destination_number=17100000021");
  }
  Reply hangup(const std::string& uuid, const std::string& extra) {
    return cti("action=hangup&uuid=" + uuid +
               "&hangup_cause=NORMAL_CLEARING&sip_term_status=200&start_epoch=1700000000"
               "&answer_epoch=1700000002&end_epoch=1700000005&duration=5&billsec=3&hangup_by=caller" +
               extra);
  }
  void write_wav(const std::string& name, const std::string& bytes) {
    std::ofstream(recordings_ / name, std::ios::binary) << bytes;
  }
  static std::string header_of(const Reply& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      std::string lower = k;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower == name) return v;
    }
    return "";
  }

  std::filesystem::path recordings_;
};

// Not a real WAV: the route serves bytes, whatever they are.
const std::string kWav = std::string("RIFF\x24\x00\x00\x00WAVEfmt ", 16) + std::string(4, '\0') + "\x01\x02";

TEST_F(RecordingsApiTest, TheOwnerGetsTheBytesAndTheRecordLinksThem) {
  const auto answer = route("u-rec");
  ASSERT_EQ(answer.status, 200u);
  EXPECT_EQ(answer.body["variables"]["ctib_record"], "true");
  ASSERT_EQ(hangup("u-rec",
                   "&record_file=%2Fvar%2Flib%2Fctib%2Frecordings%2Fu-rec.wav&record_seconds=3"
                   "&record_ms=3030")
                .status,
            200u);
  write_wav("u-rec.wav", kWav);

  const auto record = call_as(kAcmeKey, "GET", "/v1/records/u-rec");
  ASSERT_EQ(record.status, 200u);
  EXPECT_EQ(record.body["record"], true);
  EXPECT_EQ(record.body["recording"], "u-rec.wav");
  EXPECT_EQ(record.body["recording_ms"], 3030);
  EXPECT_EQ(record.body["recording_url"], "/v1/records/u-rec/recording");

  const auto wav = call_as(kAcmeKey, "GET", "/v1/records/u-rec/recording");
  ASSERT_EQ(wav.status, 200u);
  EXPECT_EQ(wav.raw, kWav);
  EXPECT_EQ(header_of(wav, "content-type"), "audio/wav");
  // Operators see every tenant's rows (decision 0016).
  EXPECT_EQ(call_as(kOperatorKey, "GET", "/v1/records/u-rec/recording").status, 200u);
}

TEST_F(RecordingsApiTest, AnotherTenantGets404AsForAMissingRecord) {
  route("u-rec");
  hangup("u-rec", "&record_file=%2Fr%2Fu-rec.wav&record_ms=3030");
  write_wav("u-rec.wav", kWav);
  for (const char* key : {kGlobexKey, kKey}) {
    const auto r = call_as(key, "GET", "/v1/records/u-rec/recording");
    EXPECT_EQ(r.status, 404u) << key;
    EXPECT_EQ(r.raw.find("RIFF"), std::string::npos);
  }
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-none/recording").status, 404u);
}

TEST_F(RecordingsApiTest, NoRecordingMeans404AndANullLink) {
  route("u-plain");
  hangup("u-plain", "");
  const auto record = call_as(kAcmeKey, "GET", "/v1/records/u-plain");
  EXPECT_EQ(record.body["recording"], nullptr);
  EXPECT_EQ(record.body["recording_ms"], nullptr);
  EXPECT_EQ(record.body["recording_url"], nullptr);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-plain/recording").status, 404u);
  expect_invalid(call_as(kAcmeKey, "GET", "/v1/records/u-plain/recording?x=1"), "x");
}

TEST_F(RecordingsApiTest, AFileThatIsNotThereOrNotServedIs404) {
  route("u-gone");
  hangup("u-gone", "&record_file=%2Fr%2Fu-gone.wav&record_ms=1000");
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-gone").body["recording_url"],
            "/v1/records/u-gone/recording");
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-gone/recording").status, 404u);  // not written
  write_wav("u-gone.wav", kWav);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-gone/recording").status, 200u);
  config_.recordings_dir.clear();  // a service that serves no recordings
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-gone/recording").status, 404u);
}

TEST_F(RecordingsApiTest, AFileNameThatCouldLeaveTheDirectoryIsDroppedNotRefused) {
  route("u-evil");
  write_wav("u-evil.wav", kWav);
  // The hangup is taken (the bill must not wait on the recording), the name is not.
  for (const char* bad :
       {"..%2F..%2Fetc%2Fpasswd", "%2Fr%2F.hidden.wav", "%2Fr%2Fu%20x.wav", "%2Fr%2Fu-evil.mp3"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(hangup("u-evil", std::string("&record_file=") + bad).status, 200u);
  }
  const auto record = call_as(kAcmeKey, "GET", "/v1/records/u-evil");
  EXPECT_EQ(record.body["recording"], nullptr);
  EXPECT_EQ(record.body["recording_url"], nullptr);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-evil/recording").status, 404u);
}

TEST_F(RecordingsApiTest, ALateHangupWithAnotherRecordingIsAConflict) {
  route("u-rec");
  ASSERT_EQ(hangup("u-rec", "&record_file=%2Fr%2Fu-rec.wav&record_ms=3030").status, 200u);
  const auto again = hangup("u-rec", "&record_file=%2Fr%2Fu-rec.wav&record_ms=3030");
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(again.body.value("applied", true), true);
  const auto other = hangup("u-rec", "&record_file=%2Fr%2Fu-rec.wav&record_ms=4000");
  EXPECT_EQ(other.body["applied"], false);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-rec").body["recording_ms"], 3030);
}

}  // namespace
}  // namespace ctib::numbers::api::testing
