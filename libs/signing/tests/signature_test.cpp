#include "libs/signing/signature.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ctib::signing {
namespace {

// The worked example of docs/protocol.md §6, byte for byte.
const SigningKey kKey{"test-key-1", "ctib-test-secret-0001"};
constexpr std::string_view kTarget =
    "/v1/cti?secret=s3cr3t&action=request&uuid=6f1c2a9e-3b1d-4c5e-8f00-0123456789ab"
    "&caller_id_number=13800138000&destination_number=17100000001";
constexpr std::int64_t kTime = 1700000000;
constexpr std::string_view kPostBody = R"({"action":"hangup","uuid":"6f1c2a9e-3b1d-4c5e-8f00-0123456789ab"})";
constexpr std::chrono::seconds kWindow{300};

SignedFields parsed(const SignatureHeaders& h) {
  auto f = parse_headers(&h.timestamp, &h.key_id, &h.signature);
  EXPECT_TRUE(f.has_value());
  return f ? *f : SignedFields{};
}

TEST(Signature, BodyHashOfEmptyBody) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Signature, WorkedExampleGet) {
  EXPECT_EQ(canonical_string("GET", kTarget, kTime, ""),
            std::string("v1\nGET\n") + std::string(kTarget) +
                "\n1700000000\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const SignatureHeaders h = sign(kKey, "GET", kTarget, kTime, "");
  EXPECT_EQ(h.timestamp, "1700000000");
  EXPECT_EQ(h.key_id, "test-key-1");
  EXPECT_EQ(h.signature, "v1=56a9abadaf146c08213c901696c987190967f5fd130ce4a5690dbc731d3a83b9");
}

TEST(Signature, WorkedExamplePost) {
  EXPECT_EQ(sha256_hex(kPostBody), "2be94538706968ae42ce531b33257f2a4bd92e71d12e7909acf577f0b8b0b801");
  EXPECT_EQ(sign(kKey, "POST", "/v1/cti", kTime, kPostBody).signature,
            "v1=8b94bba7a908270bac378383039e9aa054960fc474c52b6de0e97dca8535ff7a");
}

TEST(Signature, VerifyAcceptsItsOwnSignature) {
  const std::vector<SigningKey> keys{{"old", "an-older-secret-0000"}, kKey};
  auto ok = verify(parsed(sign(kKey, "GET", kTarget, kTime, "")), keys, "GET", kTarget, "", kTime + 299, kWindow);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->key_id, "test-key-1");
}

TEST(Signature, VerifyRefusesAnyChange) {
  const std::vector<SigningKey> keys{kKey};
  const SignedFields f = parsed(sign(kKey, "POST", "/v1/cti", kTime, kPostBody));
  auto refusal = [&](std::string_view method, std::string_view target, std::string_view body) {
    auto r = verify(f, keys, method, target, body, kTime, kWindow);
    return r ? std::string("accepted") : std::string(name(r.error()));
  };
  EXPECT_EQ(refusal("POST", "/v1/cti", kPostBody), "accepted");
  EXPECT_EQ(refusal("GET", "/v1/cti", kPostBody), "bad_signature");
  EXPECT_EQ(refusal("POST", "/v1/cti?x=1", kPostBody), "bad_signature");
  EXPECT_EQ(refusal("POST", "/v1/cti", std::string(kPostBody) + " "), "bad_signature");
  SignedFields later = f;
  later.timestamp += 1;  // the timestamp is signed too
  EXPECT_EQ(verify(later, keys, "POST", "/v1/cti", kPostBody, kTime, kWindow).error(), Refusal::bad_signature);
}

TEST(Signature, WrongSecretIsBadSignature) {
  const std::vector<SigningKey> keys{{"test-key-1", "another-secret-00000"}};
  auto r = verify(parsed(sign(kKey, "GET", kTarget, kTime, "")), keys, "GET", kTarget, "", kTime, kWindow);
  EXPECT_EQ(r.error(), Refusal::bad_signature);
}

TEST(Signature, UnknownKeyId) {
  const std::vector<SigningKey> keys{{"test-key-2", kKey.secret}};
  auto r = verify(parsed(sign(kKey, "GET", kTarget, kTime, "")), keys, "GET", kTarget, "", kTime, kWindow);
  EXPECT_EQ(r.error(), Refusal::unknown_key);
}

TEST(Signature, StaleAndFuture) {
  const std::vector<SigningKey> keys{kKey};
  const SignedFields f = parsed(sign(kKey, "GET", kTarget, kTime, ""));
  EXPECT_TRUE(verify(f, keys, "GET", kTarget, "", kTime + 300, kWindow).has_value());
  EXPECT_EQ(verify(f, keys, "GET", kTarget, "", kTime + 301, kWindow).error(), Refusal::stale);
  EXPECT_TRUE(verify(f, keys, "GET", kTarget, "", kTime - 300, kWindow).has_value());
  EXPECT_EQ(verify(f, keys, "GET", kTarget, "", kTime - 301, kWindow).error(), Refusal::stale);
}

TEST(Signature, ParseHeaders) {
  const std::string ts = "1700000000", id = "k1", sig = "v1=" + std::string(64, 'A');
  EXPECT_TRUE(parse_headers(&ts, &id, &sig).has_value());  // upper-case hex is accepted
  EXPECT_EQ(parse_headers(nullptr, nullptr, nullptr).error(), Refusal::missing);
  EXPECT_EQ(parse_headers(&ts, nullptr, &sig).error(), Refusal::malformed);
  for (const std::string& bad_ts : std::vector<std::string>{"", "-1", "+1", "17e8", "1700000000 ", "1234567890123"}) {
    EXPECT_EQ(parse_headers(&bad_ts, &id, &sig).error(), Refusal::malformed) << bad_ts;
  }
  for (const std::string& bad_id : std::vector<std::string>{"", "a b", "k/1", std::string(65, 'k'), "k\n"}) {
    EXPECT_EQ(parse_headers(&ts, &bad_id, &sig).error(), Refusal::malformed) << bad_id;
  }
  for (const std::string& bad_sig : std::vector<std::string>{"", "v1=", "v2=" + std::string(64, 'a'), "v1=" + std::string(63, 'a'),
                                    "v1=" + std::string(65, 'a'), "v1=" + std::string(63, 'a') + "g",
                                    std::string(64, 'a')}) {
    EXPECT_EQ(parse_headers(&ts, &id, &bad_sig).error(), Refusal::malformed) << bad_sig;
  }
}

TEST(Signature, KeyIds) {
  EXPECT_TRUE(valid_key_id("2024-06.primary_A"));
  EXPECT_FALSE(valid_key_id("a:b"));
}

TEST(Signature, RequestTarget) {
  EXPECT_EQ(request_target("http://h:8080/v1/cti?secret=s&action=request"), "/v1/cti?secret=s&action=request");
  EXPECT_EQ(request_target("https://h"), "/");
  EXPECT_EQ(request_target("http://h?a=1"), "/?a=1");
  EXPECT_EQ(request_target("HTTP://[::1]:80/p#frag"), "/p");
}

}  // namespace
}  // namespace ctib::signing
