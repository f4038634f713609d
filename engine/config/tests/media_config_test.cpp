#include <gtest/gtest.h>

#include "engine/config/load.hpp"

namespace ctib::config {
namespace {

constexpr const char* kProfile = "[profiles.internal]\nsip-port = 5060\n";

TEST(MediaConfig, AbsentMeansNoAnchoring) {
  auto cfg = load_string(kProfile, "t.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_FALSE(cfg->media);
}

TEST(MediaConfig, ReadsTheSetAndEveryKey) {
  auto cfg = load_string(std::string(kProfile) + R"(
[media]
rtpengine = ["udp:127.0.0.1:2223", "10.0.0.2:2224=3", "[::1]:2225=0"]
timeout-ms = 300
retries = 1
disable-seconds = 5
media-fallback = "bypass"
failure-cause = "MEDIA_TIMEOUT"
transcode = ["PCMA"]
dtmf-listen = "127.0.0.1:7722"
tone-dir = "/srv/tones"
)",
                         "t.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  ASSERT_TRUE(cfg->media);
  const MediaConfig& m = *cfg->media;
  ASSERT_EQ(m.rtpengine.size(), 3U);
  EXPECT_EQ(m.rtpengine[0], (RtpengineAddress{"127.0.0.1", 2223, 1}));
  EXPECT_EQ(m.rtpengine[1], (RtpengineAddress{"10.0.0.2", 2224, 3}));
  EXPECT_EQ(m.rtpengine[2], (RtpengineAddress{"::1", 2225, 0}));
  EXPECT_EQ(m.timeout_ms, 300U);
  EXPECT_EQ(m.retries, 1U);
  EXPECT_EQ(m.disable_seconds, 5U);
  EXPECT_TRUE(m.fallback_bypass);
  EXPECT_EQ(m.failure_cause, causes::HangupCause::MEDIA_TIMEOUT);
  EXPECT_EQ(m.transcode, std::vector<std::string>{"PCMA"});
  ASSERT_TRUE(m.dtmf_listen);
  EXPECT_EQ(m.dtmf_listen->host, "127.0.0.1");
  EXPECT_EQ(m.dtmf_listen->port, 7722);
  EXPECT_EQ(m.tone_dir, "/srv/tones");
}

TEST(MediaConfig, Defaults) {
  auto cfg = load_string(std::string(kProfile) + "[media]\nrtpengine = [\"127.0.0.1:2223\"]\n", "t.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_EQ(cfg->media->timeout_ms, 1000U);
  EXPECT_EQ(cfg->media->retries, 2U);
  EXPECT_FALSE(cfg->media->fallback_bypass);
  EXPECT_EQ(cfg->media->failure_cause, causes::HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_EQ(cfg->media->transcode, (std::vector<std::string>{"PCMU", "PCMA"}));
}

TEST(MediaConfig, RefusesBadValues) {
  for (const char* bad :
       {"rtpengine = []", "rtpengine = [\"rtp.example:2223\"]", "rtpengine = [\"127.0.0.1\"]",
        "rtpengine = [\"127.0.0.1:0\"]", "rtpengine = [\"127.0.0.1:2223=x\"]",
        "rtpengine = [\"127.0.0.1:2223\"]\nmedia-fallback = \"maybe\"",
        "rtpengine = [\"127.0.0.1:2223\"]\nfailure-cause = \"NOPE\"",
        "rtpengine = [\"127.0.0.1:2223\"]\ntimeout = 5"}) {
    auto cfg = load_string(std::string(kProfile) + "[media]\n" + bad + "\n", "t.toml");
    EXPECT_FALSE(cfg) << bad;
  }
}

TEST(MediaConfig, ProfileRtpTimeout) {
  auto cfg = load_string("[profiles.internal]\nrtp-timeout-sec = 30\n", "t.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_EQ(cfg->profiles.at(0).rtp_timeout_sec, 30U);
  auto none = load_string(kProfile, "t.toml");
  EXPECT_EQ(none->profiles.at(0).rtp_timeout_sec, 0U);
}

TEST(MediaConfig, RecordingNeedsBothDirectories) {
  const std::string media = std::string(kProfile) + "[media]\nrtpengine = [\"127.0.0.1:2223\"]\n";
  auto off = load_string(media, "t.toml");
  ASSERT_TRUE(off) << off.error().to_string();
  EXPECT_EQ(off->media->recordings_dir, "");
  EXPECT_EQ(off->media->recording_wait_ms, 5000U);
  auto on = load_string(media +
                            "recordings-dir = \"/var/lib/ctib/recordings\"\n"
                            "rtpengine-recording-dir = \"/var/spool/rtpengine\"\nrecording-wait-ms = 800\n",
                        "t.toml");
  ASSERT_TRUE(on) << on.error().to_string();
  EXPECT_EQ(on->media->recordings_dir, "/var/lib/ctib/recordings");
  EXPECT_EQ(on->media->rtpengine_recording_dir, "/var/spool/rtpengine");
  EXPECT_EQ(on->media->recording_wait_ms, 800U);
  EXPECT_FALSE(load_string(media + "recordings-dir = \"/tmp/r\"\n", "t.toml"));
  EXPECT_FALSE(load_string(media + "rtpengine-recording-dir = \"/tmp/r\"\n", "t.toml"));
  EXPECT_FALSE(load_string(media + "recordings-dir = \"/a\"\nrtpengine-recording-dir = \"/b\"\n"
                                   "recording-wait-ms = 0\n",
                           "t.toml"));
}

}  // namespace
}  // namespace ctib::config
