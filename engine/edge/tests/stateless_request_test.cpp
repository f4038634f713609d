#include "engine/edge/stateless_request.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ctib::edge {
namespace {

const std::string kOptions =
    "OPTIONS sip:95000@127.0.0.1:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.9:5062;branch=z9hG4bK1;rport, SIP/2.0/UDP 10.0.0.8;branch=z9hG4bK0\r\n"
    "v: SIP/2.0/UDP 10.0.0.7;branch=z9hG4bKx\r\n"
    "From: \"A, B\" <sip:1@10.0.0.9>;tag=abc\r\n"
    "t: <sip:95000@127.0.0.1>\r\n"
    "i: call-1\r\n"
    "CSeq: 7 OPTIONS\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n\r\n";

TEST(EdgeStatelessRequest, ReadsTheHeadersAResponseCopies) {
  const auto r = parse_stateless_request(kOptions);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, "OPTIONS");
  ASSERT_EQ(r->vias.size(), 2U);
  EXPECT_EQ(r->vias[1], "SIP/2.0/UDP 10.0.0.7;branch=z9hG4bKx");
  EXPECT_EQ(r->from, "\"A, B\" <sip:1@10.0.0.9>;tag=abc");
  EXPECT_EQ(r->call_id, "call-1");
  EXPECT_EQ(r->cseq, "7 OPTIONS");
  EXPECT_FALSE(r->to_tag);
}

TEST(EdgeStatelessRequest, TheResponseCopiesViasFromCallIdCSeqAndTagsTheTo) {
  const auto r = parse_stateless_request(kOptions);
  ASSERT_TRUE(r);
  const std::string response = stateless_response(*r, {403, "Forbidden", ""}, "192.0.2.1", 40000);
  const std::string expected_head =
      "SIP/2.0 403 Forbidden\r\n"
      "Via: SIP/2.0/UDP 10.0.0.9:5062;branch=z9hG4bK1;rport=40000;received=192.0.2.1, SIP/2.0/UDP "
      "10.0.0.8;branch=z9hG4bK0\r\n"
      "Via: SIP/2.0/UDP 10.0.0.7;branch=z9hG4bKx\r\n"
      "From: \"A, B\" <sip:1@10.0.0.9>;tag=abc\r\n"
      "To: <sip:95000@127.0.0.1>;tag=sl";
  EXPECT_EQ(response.substr(0, expected_head.size()), expected_head) << response;
  EXPECT_NE(response.find("\r\nCall-ID: call-1\r\nCSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n"),
            std::string::npos)
      << response;
  // A retransmission gets the same tag.
  EXPECT_EQ(response, stateless_response(*r, {403, "Forbidden", ""}, "192.0.2.1", 40000));
}

TEST(EdgeStatelessRequest, AToTagMarksADialog) {
  std::string in_dialog = kOptions;
  in_dialog.replace(in_dialog.find("t: <sip:95000@127.0.0.1>"), 24, "t: <sip:95000@127.0.0.1>;TAG=x");
  const auto r = parse_stateless_request(in_dialog);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->to_tag);
}

TEST(EdgeStatelessRequest, WhatItCannotReadWithCertaintyIsLeftToSofia) {
  auto without = [](const std::string& what) {
    std::string s = kOptions;
    s.erase(s.find(what), what.size());
    return s;
  };
  auto replaced = [](const std::string& what, const std::string& by) {
    std::string s = kOptions;
    s.replace(s.find(what), what.size(), by);
    return s;
  };
  EXPECT_FALSE(parse_stateless_request(without("i: call-1\r\n")));
  EXPECT_FALSE(parse_stateless_request(without("CSeq: 7 OPTIONS\r\n")));
  EXPECT_FALSE(parse_stateless_request(without("t: <sip:95000@127.0.0.1>\r\n")));
  EXPECT_FALSE(parse_stateless_request(replaced("CSeq: 7 OPTIONS", "CSeq: 7 INVITE")));
  EXPECT_FALSE(parse_stateless_request(replaced("CSeq: 7 OPTIONS", "CSeq: x OPTIONS")));
  EXPECT_FALSE(parse_stateless_request(replaced("i: call-1\r\n", "i: call-1\r\nCall-ID: call-2\r\n")));
  EXPECT_FALSE(parse_stateless_request(replaced("i: call-1", "i: call-1\r\n folded")));
  EXPECT_FALSE(parse_stateless_request(replaced("i: call-1", "i: call\x01-1")));
  EXPECT_FALSE(parse_stateless_request(replaced("SIP/2.0\r\n", "SIP/3.0\r\n")));
  EXPECT_FALSE(parse_stateless_request(replaced("OPTIONS sip", "OPT<IONS sip")));
  EXPECT_FALSE(parse_stateless_request(kOptions.substr(0, kOptions.size() - 2)));  // no blank line
  EXPECT_FALSE(parse_stateless_request("SIP/2.0 200 OK\r\nVia: x\r\n\r\n"));
  EXPECT_FALSE(parse_stateless_request(""));
}

}  // namespace
}  // namespace ctib::edge
