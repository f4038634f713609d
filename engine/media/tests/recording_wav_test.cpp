#include "engine/media/recording_wav.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "engine/media/call_recorder.hpp"

namespace ctib::media {
namespace {

namespace fs = std::filesystem;

void le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xffU));
}

std::string pcap_header(std::uint32_t link = 101) {
  std::string out;
  le32(out, 0xa1b2c3d4U);
  out += std::string("\x02\x00\x04\x00", 4);
  le32(out, 0);
  le32(out, 0);
  le32(out, 65535);
  le32(out, link);
  return out;
}

// One IPv4/UDP/RTP packet from 127.0.0.1:`port` as rtpengine records it.
void add_packet(std::string& pcap, std::uint32_t usec_since_start, std::uint16_t port, std::uint32_t ssrc,
                std::uint32_t timestamp, std::uint8_t pt, std::uint8_t fill, std::size_t samples = 160) {
  std::string ip(20, '\0');
  ip[0] = 0x45;
  ip[9] = 17;
  ip.replace(12, 4, "\x7f\x00\x00\x01", 4);
  ip.replace(16, 4, "\x7f\x00\x00\x01", 4);
  std::string udp(8, '\0');
  udp[0] = static_cast<char>(port >> 8);
  udp[1] = static_cast<char>(port & 0xff);
  const std::size_t udp_len = 8 + 12 + samples;
  udp[4] = static_cast<char>(udp_len >> 8);
  udp[5] = static_cast<char>(udp_len & 0xff);
  std::string rtp(12, '\0');
  rtp[0] = static_cast<char>(0x80);
  rtp[1] = static_cast<char>(pt);
  for (int i = 0; i < 4; ++i) {
    rtp[4 + i] = static_cast<char>(timestamp >> (24 - 8 * i));
    rtp[8 + i] = static_cast<char>(ssrc >> (24 - 8 * i));
  }
  const std::string frame = ip + udp + rtp + std::string(samples, static_cast<char>(fill));
  le32(pcap, 1000 + usec_since_start / 1000000);
  le32(pcap, usec_since_start % 1000000);
  le32(pcap, static_cast<std::uint32_t>(frame.size()));
  le32(pcap, static_cast<std::uint32_t>(frame.size()));
  pcap += frame;
}

TEST(RecordingWav, DecodesG711) {
  EXPECT_EQ(ulaw_to_linear(0xff), 0);
  EXPECT_EQ(ulaw_to_linear(0x7f), 0);
  EXPECT_EQ(ulaw_to_linear(0x00), -32124);
  EXPECT_EQ(ulaw_to_linear(0x80), 32124);
  EXPECT_EQ(alaw_to_linear(0xd5), 8);
  EXPECT_EQ(alaw_to_linear(0x55), -8);
  EXPECT_EQ(alaw_to_linear(0xaa), 32256);
}

TEST(RecordingWav, MixesBothSidesOnOneTimeline) {
  std::string pcap = pcap_header();
  // Caller for 2 s from t=0, callee for 3 s from t=1 s, 20 ms packets.
  for (std::uint32_t i = 0; i < 100; ++i)
    add_packet(pcap, i * 20000, 4000, 1, 5000 + i * 160, 0, 0x80);  // PCMU +32124
  for (std::uint32_t i = 0; i < 150; ++i)
    add_packet(pcap, 1000000 + i * 20000, 4002, 2, 90 + i * 160, 8, 0x55);  // PCMA -8
  auto mixed = mix_pcap(pcap, 60);
  ASSERT_TRUE(mixed) << mixed.error();
  EXPECT_EQ(mixed->streams, 2U);
  EXPECT_EQ(mixed->packets, 250U);
  ASSERT_EQ(mixed->samples.size(), 4U * 8000U);
  EXPECT_EQ(mixed->samples[0], 32124);
  EXPECT_EQ(mixed->samples[7999], 32124);      // caller alone
  EXPECT_EQ(mixed->samples[8000], 32124 - 8);  // both
  EXPECT_EQ(mixed->samples[15999], 32124 - 8);
  EXPECT_EQ(mixed->samples.back(), -8);  // callee alone at the end
}

TEST(RecordingWav, PlacesPacketsByRtpTimestampNotArrival) {
  std::string pcap = pcap_header();
  add_packet(pcap, 0, 4000, 1, 0, 0, 0x80);
  add_packet(pcap, 90000, 4000, 1, 160, 0, 0x80);  // late on the wire, next in time
  auto mixed = mix_pcap(pcap, 60);
  ASSERT_TRUE(mixed);
  EXPECT_EQ(mixed->samples.size(), 320U);
}

TEST(RecordingWav, SkipsWhatIsNotG711RtpAndCutsAtTheBound) {
  std::string pcap = pcap_header();
  add_packet(pcap, 0, 4000, 1, 0, 101, 0x01, 4);  // telephone-event
  add_packet(pcap, 0, 4000, 1, 0, 0, 0xff);
  add_packet(pcap, 3000000, 4000, 1, 3 * 8000, 0, 0xff);  // past a 2 s bound
  auto mixed = mix_pcap(pcap, 2);
  ASSERT_TRUE(mixed);
  EXPECT_EQ(mixed->skipped, 2U);
  EXPECT_EQ(mixed->samples.size(), 160U);
}

TEST(RecordingWav, RefusesWhatIsNotAPcapAndStopsAtACutRecord) {
  EXPECT_FALSE(mix_pcap("", 60));
  EXPECT_FALSE(mix_pcap(std::string(24, 'x'), 60));
  EXPECT_FALSE(mix_pcap(pcap_header(113), 60));  // Linux cooked capture: not ours
  std::string pcap = pcap_header();
  add_packet(pcap, 0, 4000, 1, 0, 0, 0xff);
  pcap.resize(pcap.size() - 10);
  auto mixed = mix_pcap(pcap, 60);
  ASSERT_TRUE(mixed);
  EXPECT_EQ(mixed->packets, 0U);
}

TEST(RecordingWav, WritesAMonoPcmWav) {
  const std::string wav = wav_file({1, -1, 2});
  ASSERT_EQ(wav.size(), 44U + 6U);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(wav.substr(36, 4), "data");
  EXPECT_EQ(static_cast<unsigned char>(wav[22]), 1U);     // channels
  EXPECT_EQ(static_cast<unsigned char>(wav[24]), 0x40U);  // 8000 = 0x1f40
  EXPECT_EQ(static_cast<unsigned char>(wav[25]), 0x1fU);
  EXPECT_EQ(static_cast<unsigned char>(wav[40]), 6U);  // data bytes
}

class ConvertRecording : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("ctib-rec-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "spool" / "metadata");
    fs::create_directories(root_ / "spool" / "pcaps");
    options_.rtpengine_recording_dir = root_ / "spool";
    options_.recordings_dir = root_ / "wav";
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

  fs::path root_;
  RecordingOptions options_;
};

TEST_F(ConvertRecording, WaitsForRtpengineToFinishThenWritesTheWav) {
  std::string pcap = pcap_header();
  for (std::uint32_t i = 0; i < 25; ++i) add_packet(pcap, i * 20000, 4000, 1, i * 160, 0, 0xff);
  const fs::path pcap_path = root_ / "spool" / "pcaps" / "uuid-1-abc.pcap";
  const fs::path meta = root_ / "spool" / "metadata" / "rtpengine-meta-uuid-1-abc.txt";
  write(pcap_path, pcap);
  write(meta, pcap_path.string() + "\n\n");
  EXPECT_FALSE(convert_recording(options_, "uuid-1").ready);   // still recording
  EXPECT_FALSE(convert_recording(options_, "uuid-12").ready);  // another call: nothing yet
  write(meta, pcap_path.string() + "\n\ncall end time: 2026-12-03T17:22:02\n");
  auto step = convert_recording(options_, "uuid-1");
  ASSERT_TRUE(step.ready);
  EXPECT_EQ(step.outcome.error, "");
  EXPECT_EQ(step.outcome.file, (root_ / "wav" / "uuid-1.wav").string());
  EXPECT_EQ(step.outcome.length, std::chrono::milliseconds(500));
  EXPECT_EQ(fs::file_size(step.outcome.file), 44U + 25U * 160U * 2U);
  EXPECT_FALSE(fs::exists(pcap_path));
  EXPECT_FALSE(fs::exists(meta));
}

TEST_F(ConvertRecording, AFinishedRecordingWithoutAudioHasNoFile) {
  const fs::path pcap_path = root_ / "spool" / "pcaps" / "u2-abc.pcap";
  write(pcap_path, pcap_header());
  write(root_ / "spool" / "metadata" / "rtpengine-meta-u2-abc.txt",
        pcap_path.string() + "\ncall end time: x\n");
  auto step = convert_recording(options_, "u2");
  ASSERT_TRUE(step.ready);
  EXPECT_EQ(step.outcome.file, "");
  EXPECT_NE(step.outcome.error, "");
  EXPECT_FALSE(fs::exists(root_ / "wav" / "u2.wav"));
}

}  // namespace
}  // namespace ctib::media
