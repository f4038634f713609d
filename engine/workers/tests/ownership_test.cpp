#include "engine/workers/ownership.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ctib::workers {
namespace {

TEST(CallIdOf, ReadsTheHeaderOfRequestsAndResponses) {
  EXPECT_EQ(call_id_of("BYE sip:a@h SIP/2.0\r\nVia: x\r\nCall-ID: abc@host\r\nCSeq: 2 BYE\r\n\r\n"),
            "abc@host");
  EXPECT_EQ(call_id_of("SIP/2.0 200 OK\r\nCALL-id:\t  abc@host \r\n\r\n"), "abc@host");
}

TEST(CallIdOf, ReadsTheCompactForm) {
  EXPECT_EQ(call_id_of("SIP/2.0 180 Ringing\r\ni: 42\r\n\r\n"), "42");
}

TEST(CallIdOf, AcceptsBareLineFeeds) {
  EXPECT_EQ(call_id_of("INVITE sip:a SIP/2.0\nCall-ID: z\n\n"), "z");
}

TEST(CallIdOf, NoOwnerWithoutOne) {
  EXPECT_FALSE(call_id_of("INVITE sip:a SIP/2.0\r\nVia: x\r\n\r\nCall-ID: in-the-body\r\n"));
  EXPECT_FALSE(call_id_of("INVITE sip:a SIP/2.0\r\nCall-ID:   \r\n\r\n"));
  EXPECT_FALSE(call_id_of("\r\n\r\n"));  // a keep-alive
  EXPECT_FALSE(call_id_of(""));
  EXPECT_FALSE(call_id_of("INVITE sip:a SIP/2.0\r\nCall-ID: folded\r\n continued\r\n\r\n"));
}

TEST(CallIdOf, DoesNotTakeAnotherHeaderThatStartsTheSame) {
  EXPECT_EQ(call_id_of("INVITE sip:a SIP/2.0\r\nInfo: x\r\nCall-Info: y\r\ni: real\r\n\r\n"), "real");
}

TEST(Ownership, OneWorkerOwnsEverything) {
  const Ownership one{};
  EXPECT_TRUE(one.owns("anything"));
  EXPECT_EQ(one.owner_of("anything"), 0u);
}

TEST(Ownership, SpreadsCallIdsOverWorkers) {
  const Ownership four{2, 4};
  int owned[4] = {};
  for (int i = 0; i < 4000; ++i) ++owned[four.owner_of("call-" + std::to_string(i) + "@10.0.0.1")];
  for (const int n : owned) {
    EXPECT_GT(n, 800);
    EXPECT_LT(n, 1200);
  }
}

TEST(Ownership, HashIsStable) {
  // FNV-1a reference values: every worker (and every build) agrees.
  EXPECT_EQ(call_id_hash(""), 2166136261u);
  EXPECT_EQ(call_id_hash("a"), 0xe40c292cu);
}

}  // namespace
}  // namespace ctib::workers
