// /v1/cti with signed requests (docs/protocol.md §6): accepted signatures,
// and each refusal (missing, malformed, unknown key, bad signature, stale,
// future, replayed), over the real server.
#include "libs/signing/signature.hpp"
#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

const signing::SigningKey kNew{"k-new", "the-new-secret-000001"};
const signing::SigningKey kOld{"k-old", "the-old-secret-000001"};

class CtiSignedTest : public NumbersApiTest {
 protected:
  void SetUp() override {
    NumbersApiTest::SetUp();
    config_.routing_keys = {kOld, kNew};  // a rotation: both accepted
    config_.require_signature = true;
    import("+8617100000001", "010");
    bind("13800000001", "13900000001");
  }

  std::int64_t now() const { return clock_.now().time_since_epoch().count(); }

  Reply send(const std::string& method, const std::string& target, const std::string& body,
             const std::vector<std::pair<std::string, std::string>>& headers) {
    const auto r = client_->request(method, target, body, headers);
    return Reply{r.status, Json::parse(r.body, nullptr, false), r.headers};
  }

  Reply signed_call(const std::string& method, const std::string& target, const std::string& body = "",
                    const signing::SigningKey& key = kNew, std::int64_t at = 0) {
    const auto h = signing::sign(key, method, target, at ? at : now(), body);
    return send(method, target, body,
                {{"X-CTIB-Timestamp", h.timestamp}, {"X-CTIB-Key-Id", h.key_id}, {"X-CTIB-Signature", h.signature}});
  }

  static std::string request_target(const std::string& uuid) {
    return "/v1/cti?action=request&uuid=" + uuid +
           "&caller_id_number=13800000001&destination_number=17100000001&direction=inbound";
  }

  static void expect_refused(const Reply& r, const std::string& message_start) {
    EXPECT_EQ(r.status, 401u) << r.body.dump();
    EXPECT_EQ(r.body["error"]["field"], "X-CTIB-Signature") << r.body.dump();
    EXPECT_TRUE(r.body["error"]["message"].get<std::string>().starts_with(message_start)) << r.body.dump();
  }
};

TEST_F(CtiSignedTest, SignedRequestsRouteWithEitherKeyAndNoUrlSecret) {
  const auto r = signed_call("GET", request_target("s1"));
  ASSERT_EQ(r.status, 200u) << r.body.dump();
  EXPECT_EQ(r.body["dial"]["number"], "+8613900000001");
  EXPECT_EQ(signed_call("GET", request_target("s2"), "", kOld).status, 200u);
}

TEST_F(CtiSignedTest, SignedPostCoversTheBody) {
  const std::string body = R"({"action":"ring","uuid":"s3","caller_id_number":"13800000001"})";
  EXPECT_EQ(signed_call("POST", "/v1/cti", body).status, 200u);
  const auto h = signing::sign(kNew, "POST", "/v1/cti", now(), body);
  const std::string tampered = R"({"action":"ring","uuid":"s4","caller_id_number":"13800000001"})";
  expect_refused(send("POST", "/v1/cti", tampered,
                      {{"X-CTIB-Timestamp", h.timestamp}, {"X-CTIB-Key-Id", h.key_id},
                       {"X-CTIB-Signature", h.signature}}),
                 "bad signature");
}

TEST_F(CtiSignedTest, UnsignedIsRefusedWhenSignaturesAreRequired) {
  expect_refused(cti("action=ring&uuid=s5"), "signature required");
  config_.require_signature = false;  // FreeSWITCH-compatible: the URL secret alone
  EXPECT_EQ(cti("action=ring&uuid=s5").status, 200u);
}

TEST_F(CtiSignedTest, BadSignatureIsRefusedEvenWithTheRightUrlSecret) {
  config_.require_signature = false;
  const std::string target = std::string("/v1/cti?secret=") + kSecret + "&action=ring&uuid=s6";
  expect_refused(signed_call("GET", target, "", {"k-new", "not-the-right-secret-1"}), "bad signature");
}

TEST_F(CtiSignedTest, UnknownKeyIdAndMalformedHeaders) {
  expect_refused(signed_call("GET", request_target("s7"), "", {"k-gone", kNew.secret}), "unknown key id");
  expect_refused(send("GET", request_target("s8"), "",
                      {{"X-CTIB-Timestamp", "yesterday"}, {"X-CTIB-Key-Id", "k-new"},
                       {"X-CTIB-Signature", "v1=00"}}),
                 "malformed");
  expect_refused(send("GET", request_target("s8"), "", {{"X-CTIB-Key-Id", "k-new"}}), "malformed");
}

TEST_F(CtiSignedTest, StaleAndFutureTimestamps) {
  expect_refused(signed_call("GET", request_target("s9"), "", kNew, now() - 301), "stale");
  expect_refused(signed_call("GET", request_target("s9"), "", kNew, now() + 301), "stale");
  EXPECT_EQ(signed_call("GET", request_target("s10"), "", kNew, now() - 300).status, 200u);
  config_.replay_window = 30s;
  expect_refused(signed_call("GET", request_target("s11"), "", kNew, now() - 31), "stale");
}

TEST_F(CtiSignedTest, ARoutingRequestIsRefusedOnReplayANotificationIsNot) {
  const auto h = signing::sign(kNew, "GET", request_target("s12"), now(), "");
  const std::vector<std::pair<std::string, std::string>> headers{
      {"X-CTIB-Timestamp", h.timestamp}, {"X-CTIB-Key-Id", h.key_id}, {"X-CTIB-Signature", h.signature}};
  EXPECT_EQ(send("GET", request_target("s12"), "", headers).status, 200u);
  expect_refused(send("GET", request_target("s12"), "", headers), "replayed");

  const std::string hangup = "/v1/cti?action=hangup&uuid=s12&hangup_cause=NORMAL_CLEARING";
  const auto n = signing::sign(kNew, "GET", hangup, now(), "");
  const std::vector<std::pair<std::string, std::string>> note{
      {"X-CTIB-Timestamp", n.timestamp}, {"X-CTIB-Key-Id", n.key_id}, {"X-CTIB-Signature", n.signature}};
  EXPECT_EQ(send("GET", hangup, "", note).status, 200u);
  EXPECT_EQ(send("GET", hangup, "", note).status, 200u);  // idempotent merge: a duplicate, no harm
}

}  // namespace
}  // namespace ctib::numbers::api::testing
