#include "engine/call/sdp_codecs.hpp"

#include <gtest/gtest.h>

namespace ctib::call {
namespace {

const std::string kHead = "v=0\r\no=- 1 1 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\n";

std::string filtered(const std::string& sdp, std::string_view codecs) {
  auto r = filter_codecs(sdp, codecs);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
  return r ? *r : std::string();
}

TEST(SdpCodecs, KeepsListedCodecsInListOrder) {
  const std::string in = kHead +
                         "m=audio 4000 RTP/AVP 0 8 18\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
                         "a=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\na=ptime:20\r\n";
  EXPECT_EQ(filtered(in, "PCMA,PCMU"),
            kHead + "m=audio 4000 RTP/AVP 8 0\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=ptime:20\r\n");
}

TEST(SdpCodecs, DropsRtpmapFmtpAndRtcpFbOfRemovedPayloads) {
  const std::string in = kHead +
                         "m=audio 4000 RTP/AVP 111 0\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\n"
                         "a=rtcp-fb:111 transport-cc\r\na=rtcp-fb:* nack\r\na=rtpmap:0 PCMU/8000\r\n";
  EXPECT_EQ(filtered(in, "PCMU"),
            kHead + "m=audio 4000 RTP/AVP 0\r\na=rtcp-fb:* nack\r\na=rtpmap:0 PCMU/8000\r\n");
}

TEST(SdpCodecs, StaticPayloadTypesNeedNoRtpmap) {
  const std::string in = kHead + "m=audio 4000 RTP/AVP 0 8 9 18 3 4\r\n";
  EXPECT_EQ(filtered(in, "G729,G722,GSM,G723,PCMA"), kHead + "m=audio 4000 RTP/AVP 18 9 3 4 8\r\n");
}

TEST(SdpCodecs, MatchesCaseInsensitivelyAndIgnoresModifiers) {
  const std::string in = kHead + "m=audio 4000 RTP/AVP 0 8\r\na=rtpmap:8 pcma/8000\r\n";
  EXPECT_EQ(filtered(in, " PCMA@8000h@20i , pcmu@20i"), kHead + "m=audio 4000 RTP/AVP 8 0\r\na=rtpmap:8 pcma/8000\r\n");
}

TEST(SdpCodecs, KeepsTelephoneEventAfterTheCodecs) {
  const std::string in = kHead +
                         "m=audio 4000 RTP/AVP 101 0 8\r\na=rtpmap:101 telephone-event/8000\r\n"
                         "a=fmtp:101 0-16\r\n";
  EXPECT_EQ(filtered(in, "PCMA"),
            kHead + "m=audio 4000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n");
}

TEST(SdpCodecs, NoCommonCodecIsAnError) {
  const std::string in = kHead + "m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
  auto r = filter_codecs(in, "G729,PCMA");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().detail.find("G729,PCMA"), std::string::npos);
}

TEST(SdpCodecs, SeveralPayloadTypesOfOneCodecKeepOfferedOrder) {
  const std::string in = kHead +
                         "m=audio 4000 RTP/AVP 0 97 96\r\na=rtpmap:97 AMR-WB/16000\r\na=fmtp:97 octet-align=1\r\n"
                         "a=rtpmap:96 AMR-WB/16000\r\n";
  EXPECT_EQ(filtered(in, "AMR-WB"), kHead +
                                        "m=audio 4000 RTP/AVP 97 96\r\na=rtpmap:97 AMR-WB/16000\r\n"
                                        "a=fmtp:97 octet-align=1\r\na=rtpmap:96 AMR-WB/16000\r\n");
}

TEST(SdpCodecs, VideoWithoutListedCodecIsRejectedWithPortZero) {
  const std::string in = kHead +
                         "m=audio 4000 RTP/AVP 0 8\r\n"
                         "m=video 4002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
  EXPECT_EQ(filtered(in, "PCMA"), kHead +
                                      "m=audio 4000 RTP/AVP 8\r\n"
                                      "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");
}

TEST(SdpCodecs, FiltersEveryMediaLine) {
  const std::string in = kHead +
                         "m=audio 4000 RTP/AVP 0 8\r\n"
                         "m=video 4002 RTP/AVP 96 97\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 H264/90000\r\n";
  EXPECT_EQ(filtered(in, "PCMU,H264"), kHead +
                                           "m=audio 4000 RTP/AVP 0\r\n"
                                           "m=video 4002 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n");
}

TEST(SdpCodecs, LeavesNonRtpMediaAlone) {
  const std::string in = kHead +
                         "m=audio 4000 RTP/AVP 0 8\r\n"
                         "m=image 4004 udptl t38\r\na=T38FaxVersion:0\r\n";
  EXPECT_EQ(filtered(in, "PCMU"), kHead + "m=audio 4000 RTP/AVP 0\r\nm=image 4004 udptl t38\r\na=T38FaxVersion:0\r\n");
}

TEST(SdpCodecs, SecureProfilesAreRtpToo) {
  const std::string in = kHead + "m=audio 4000 UDP/TLS/RTP/SAVPF 0 8\r\na=rtcp-mux\r\n";
  EXPECT_EQ(filtered(in, "PCMA"), kHead + "m=audio 4000 UDP/TLS/RTP/SAVPF 8\r\na=rtcp-mux\r\n");
}

TEST(SdpCodecs, KeepsLfLineEndingsAndMissingFinalNewline) {
  const std::string in = "v=0\ns=-\nm=audio 4000 RTP/AVP 0 8\na=rtpmap:0 PCMU/8000";
  EXPECT_EQ(filtered(in, "PCMU"), "v=0\ns=-\nm=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU/8000");
}

TEST(SdpCodecs, SdpWithoutMediaIsReturnedUnchanged) {
  const std::string in = kHead;
  EXPECT_EQ(filtered(in, "PCMA"), kHead);
}

TEST(SdpCodecs, ParseCodecList) {
  EXPECT_EQ(parse_codec_list("PCMA@8000h@20i, PCMU ,,G729"), (std::vector<std::string>{"PCMA", "PCMU", "G729"}));
  EXPECT_TRUE(parse_codec_list("").empty());
}

TEST(SdpCodecs, EmptyListMatchesNothing) {
  const std::string in = kHead + "m=audio 4000 RTP/AVP 0\r\n";
  EXPECT_FALSE(filter_codecs(in, "").has_value());
}

// Found by the fuzzer: stray CRs before a line end made a second pass differ.
TEST(SdpCodecs, FilteringItsOwnOutputChangesNothing) {
  for (std::string in : {std::string("'\r\r\n\r"), std::string("v=0\r\r\nm=audio 1 RTP/AVP 8\r\r\n"),
                         std::string("v=0\nm=audio 1 RTP/AVP 0 8\na=rtpmap:0 PCMU/8000\n")}) {
    auto once = filter_codecs(in, "PCMA,PCMU");
    ASSERT_TRUE(once) << in;
    auto twice = filter_codecs(*once, "PCMA,PCMU");
    ASSERT_TRUE(twice);
    EXPECT_EQ(*twice, *once);
  }
}

}  // namespace
}  // namespace ctib::call
