#include "engine/media/bencode.hpp"

#include <gtest/gtest.h>

#include "engine/media/ng_message.hpp"

namespace ctib::media {
namespace {

TEST(Bencode, EncodesEveryKind) {
  const Value v(Dict{{"command", "offer"}, {"n", std::int64_t{-42}}, {"flags", List{Value("a"), Value("")}}});
  EXPECT_EQ(encode(v), "d7:command5:offer1:ni-42e5:flagsl1:a0:ee");
}

TEST(Bencode, DecodesWhatItEncodes) {
  const std::string text = "d6:result2:ok3:sdp5:v=0\r\n4:tagsd1:ali1ei2eeee";
  auto v = decode(text);
  ASSERT_TRUE(v) << v.error().detail;
  EXPECT_EQ(*v->find("result")->string(), "ok");
  EXPECT_EQ(*v->find("sdp")->string(), "v=0\r\n");
  const List* l = v->find("tags")->find("a")->list();
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->size(), 2U);
  EXPECT_EQ(*(*l)[1].integer(), 2);
  EXPECT_EQ(encode(*v), text);
}

TEST(Bencode, RefusesMalformedInput) {
  for (const char* bad : {"", "i", "ie", "i1", "i01e", "i-0e", "i1x2e", "5:abc", "01:a", "l", "d1:a",
                          "di1ei2ee", "x", "1:ab", "99999999999:a", "d1:ai1e"}) {
    auto v = decode(bad);
    EXPECT_FALSE(v) << "'" << bad << "' decoded";
    if (!v) {
      EXPECT_FALSE(v.error().detail.empty());
    }
  }
  EXPECT_FALSE(decode("i1ei2e")) << "trailing bytes";
}

TEST(Bencode, BoundsNesting) {
  std::string deep(kMaxDepth + 2, 'l');
  deep += std::string(kMaxDepth + 2, 'e');
  EXPECT_FALSE(decode(deep));
  std::string ok(kMaxDepth, 'l');
  ok += std::string(kMaxDepth, 'e');
  EXPECT_TRUE(decode(ok));
}

TEST(NgMessage, FramesAndParsesReplies) {
  EXPECT_EQ(encode_request("c1", Dict{{"command", "ping"}}), "c1 d7:command4:pinge");
  auto d = decode_datagram("c1 d6:result5:error12:error-reason4:nopee");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->cookie, "c1");
  auto r = parse_reply(d->body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result, NgResult::error);
  EXPECT_EQ(r->error_reason, "nope");
  EXPECT_FALSE(decode_datagram("nospace"));
  EXPECT_FALSE(decode_datagram(" d6:result2:oke"));
  auto not_dict = decode_datagram("c li1ee");
  ASSERT_TRUE(not_dict);
  EXPECT_FALSE(parse_reply(not_dict->body));
  auto no_result = decode_datagram("c d3:sdp1:xe");
  ASSERT_TRUE(no_result);
  EXPECT_FALSE(parse_reply(no_result->body));
}

TEST(NgMessage, CountsRtpPacketsPerTagFromAQueryReply) {
  const Value stream_rtp(
      Dict{{"flags", List{Value("RTP"), Value("filled")}}, {"stats", Dict{{"packets", std::int64_t{67}}}}});
  const Value stream_rtcp(
      Dict{{"flags", List{Value("RTCP")}}, {"stats", Dict{{"packets", std::int64_t{5}}}}});
  const Value media(Dict{{"streams", List{stream_rtp, stream_rtcp}}});
  const Value reply(
      Dict{{"result", "ok"},
           {"tags", Dict{{"a", Dict{{"medias", List{media, media}}}}, {"b", Dict{{"medias", List{}}}}}}});
  EXPECT_EQ(rtp_packets_from(reply, "a"), 134U);
  EXPECT_EQ(rtp_packets_from(reply, "b"), 0U);
  EXPECT_FALSE(rtp_packets_from(reply, "c"));
  EXPECT_FALSE(rtp_packets_from(Value("x"), "a"));
}

}  // namespace
}  // namespace ctib::media
