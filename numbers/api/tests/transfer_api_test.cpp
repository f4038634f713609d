// /v1/cti: a blind transfer's routing request (docs/protocol.md §2.1.1,
// decision 0015), the same uuid asked for again with `transferor`, over
// real HTTP. Decision 0027: the transferred party reaches only whom it
// could reach by dialling the target itself, within the call's tenant;
// the call keeps its one record, which notes the transfer.
#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

const Json kTransferRefused = {{"dial", {{"type", "hangup"}, {"cause", "CALL_REJECTED"}, {"sipcode", 403}}}};

constexpr const char* kA = "13800000001";
constexpr const char* kB = "13900000001";
constexpr const char* kC = "13700000001";
constexpr const char* kX = "17100000001";
constexpr const char* kX5 = "17100000005";

class TransferApiTest : public NumbersApiTest {
 protected:
  void SetUp() override {
    NumbersApiTest::SetUp();
    import("+8617100000001", "010");
    import("+8617100000005", "010");
    first_ = bind(kA, kB, {{"x", kX}});
    second_ = bind(kA, kC, {{"x", kX5}});
  }

  // The engine's first request, as §2.1.1's example (the caller presents
  // its number, dials X).
  std::string first_params(const std::string& uuid, const std::string& caller, const std::string& x) {
    return "action=request&uuid=" + uuid + "&caller_id_number=" + caller +
           "&caller_id_name=&destination_number=" + x +
           "&network_addr=192.0.2.7&network_port=5062&profile=internal&sip_call_id=abc%40192.0.2.7" +
           "&sip_from_user=" + caller + "&sip_from_host=192.0.2.7&sip_to_user=" + x + "&sip_req_user=" + x +
           "&direction=inbound";
  }
  Reply request(const std::string& uuid, const std::string& caller = kA, const std::string& x = kX) {
    return cti(first_params(uuid, caller, x));
  }
  // The transfer's request: the first one's parameters with the Refer-To
  // user as destination_number, then the four transfer parameters, last.
  Reply transfer(const std::string& uuid, const std::string& target, const std::string& transferor = "callee",
                 const std::string& caller = kA, const std::string& x = kX) {
    std::string params = first_params(uuid, caller, x);
    const std::string dest = "&destination_number=" + x;
    params.replace(params.find(dest), dest.size(), "&destination_number=" + target);
    return cti(params + "&sip_refer_to=sip%3A" + target + "%40192.0.2.9" +
               "&sip_referred_by=%3Csip%3A1001%40192.0.2.9%3E&transfer_source=1764770000%3A" + uuid +
               "%3Abl_xfer%3A" + target + "%2Fcti_bridge%2Finternal&transferor=" + transferor);
  }
  void answered(const std::string& uuid, const std::string& caller = kA, const std::string& x = kX) {
    ASSERT_EQ(request(uuid, caller, x).body["dial"]["type"], "gateway");
    ASSERT_EQ(
        cti("action=ring&uuid=" + uuid + "&caller_id_number=" + caller + "&destination_number=" + x).status,
        200u);
    ASSERT_EQ(
        cti("action=answer&uuid=" + uuid + "&caller_id_number=" + caller + "&destination_number=" + x).status,
        200u);
  }
  Json record(const std::string& uuid) {
    const auto r = get("/v1/records/" + uuid);
    EXPECT_EQ(r.status, 200u) << r.body.dump();
    return r.body;
  }

  Json first_;
  Json second_;
};

// The callee (B) transfers the caller (A) to X5, where A has a binding with
// C: the target is C, shown X5; the record stays the first call's and
// notes the transfer.
TEST_F(TransferApiTest, CalleeTransfersTheCallerToAMiddleNumberTheCallerMayCall) {
  answered("t1");
  const Json before = record("t1");
  clock_.advance(30s);
  const auto t = transfer("t1", kX5);
  ASSERT_EQ(t.status, 200u) << t.body.dump();
  EXPECT_EQ(t.body["dial"], Json({{"type", "gateway"}, {"gateway", "gw-010"}, {"number", "+8613700000001"}}));
  EXPECT_EQ(t.body["variables"]["origination_caller_id_number"], "+8617100000005");
  EXPECT_EQ(t.body["variables"]["origination_caller_id_name"], "+8617100000005");
  EXPECT_EQ(t.body["variables"]["sip_copy_custom_headers"], "false");
  EXPECT_EQ(t.body["variables"]["ctib_binding_id"], second_["id"]);

  Json after = record("t1");
  EXPECT_EQ(after["transferred_to"], "+8617100000005");
  EXPECT_EQ(after["transfer_time"], in(0s));
  // Nothing else of the record changed: still the first binding's call.
  for (const char* field : {"binding_id", "a", "x", "peer", "caller", "callee", "direction", "call_time",
                            "ring_time", "answer_time", "tenant"}) {
    EXPECT_EQ(after[field], before[field]) << field;
  }
  EXPECT_EQ(after["binding_id"], first_["id"]);
  EXPECT_EQ(after["callee"], "+8613900000001");
  EXPECT_EQ(get("/v1/records").body["total"], 1);  // no second record

  // The call ends later: its hangup merges into the same record.
  ASSERT_EQ(
      cti("action=hangup&uuid=t1&caller_id_number=13800000001&destination_number=17100000001"
          "&hangup_cause=NORMAL_CLEARING&hangup_cause_q850=16&sip_term_status=200&start_epoch=1700000000"
          "&answer_epoch=1700000001&end_epoch=1700000100&duration=100&billsec=99&hangup_by=callee")
          .status,
      200u);
  after = record("t1");
  EXPECT_EQ(after["transferred_to"], "+8617100000005");
  EXPECT_EQ(after["binding_id"], first_["id"]);
  EXPECT_EQ(after["billsec"], 99);
  EXPECT_EQ(get("/v1/records").body["total"], 1);
}

// The caller (A) transfers the callee (B): B is the one who would dial the
// target, so only B's bindings count.
TEST_F(TransferApiTest, CallerTransfersTheCalleeOnlyWhereTheCalleeMayCall) {
  import("+8617100000006", "010");
  const Json b_and_c = bind(kB, "13600000001", {{"x", "17100000006"}});
  answered("t2");
  // A may call X5 (A–C), B may not: refused.
  EXPECT_EQ(transfer("t2", kX5, "caller").body, kTransferRefused);
  EXPECT_TRUE(record("t2")["transferred_to"].is_null());
  const auto t = transfer("t2", "17100000006", "caller");
  ASSERT_EQ(t.status, 200u) << t.body.dump();
  EXPECT_EQ(t.body["dial"]["number"], "+8613600000001");
  EXPECT_EQ(t.body["variables"]["origination_caller_id_number"], "+8617100000006");
  EXPECT_EQ(t.body["variables"]["ctib_binding_id"], b_and_c["id"]);
  EXPECT_EQ(record("t2")["transferred_to"], "+8617100000006");
}

// What a privacy platform must not do: reach a real number, an unbound
// middle number, or another tenant's numbers through X. Each is refused
// (403 to the referrer; the call goes on) and the record is untouched.
TEST_F(TransferApiTest, TransfersAnywhereElseAreRefusedAndLeaveTheRecordAlone) {
  import("+8617100000007", "010");  // in the pool, no binding
  ASSERT_EQ(call_as(kGlobexKey, "POST", "/v1/numbers",
                    {{"numbers", {{{"number", "+8617100000009"}, {"gateway", "gw-g"}, {"area_code", "g"}}}}})
                .status,
            201u);
  ASSERT_EQ(
      call_as(
          kGlobexKey, "POST", "/v1/bindings",
          {{"mode", "AXB"}, {"a", kA}, {"b", "13500000001"}, {"x", "17100000009"}, {"expiration", in(3600s)}})
          .status,
      201u);
  answered("t3");
  const Json before = record("t3");
  for (const std::string& target :
       {std::string(kC), std::string("+8613700000001"), std::string("17100000007"),
        std::string("17100000009"), std::string("not-a-number")}) {
    const auto t = transfer("t3", target);
    EXPECT_EQ(t.status, 200u) << target;
    EXPECT_EQ(t.body, kTransferRefused) << target << ": " << t.body.dump();
  }
  EXPECT_EQ(record("t3"), before);
  EXPECT_EQ(get("/v1/records").body["total"], 1);

  // Unknown call, a refused (intercepted) call, a malformed transferor.
  EXPECT_EQ(transfer("no-such-call", kX5).body, kTransferRefused);
  EXPECT_EQ(get("/v1/records/no-such-call").status, 404u);  // and no record made for it
  ASSERT_EQ(request("t4", "13300000001").body["dial"]["type"], "hangup");
  EXPECT_EQ(transfer("t4", kX5, "callee", "13300000001").body, kTransferRefused);
  expect_invalid(transfer("t3", kX5, "referee"), "transferor");
}

// One transfer per call, and none after the release.
TEST_F(TransferApiTest, OneTransferPerCallAndNoneAfterRelease) {
  answered("t5");
  ASSERT_EQ(transfer("t5", kX5).body["dial"]["type"], "gateway");
  EXPECT_EQ(transfer("t5", kX).body, kTransferRefused);
  EXPECT_EQ(record("t5")["transferred_to"], "+8617100000005");

  answered("t6");
  ASSERT_EQ(cti("action=hangup&uuid=t6&caller_id_number=13800000001&destination_number=17100000001"
                "&hangup_cause=NORMAL_CLEARING&start_epoch=1700000000&end_epoch=1700000010&duration=10")
                .status,
            200u);
  EXPECT_EQ(transfer("t6", kX5).body, kTransferRefused);
  EXPECT_TRUE(record("t6")["transferred_to"].is_null());
}

// POST mode carries the same fields as one JSON object.
TEST_F(TransferApiTest, PostModeTransfers) {
  answered("t7");
  const auto r = call("POST", std::string("/v1/cti?secret=") + kSecret,
                      {{"action", "request"},
                       {"uuid", "t7"},
                       {"caller_id_number", kA},
                       {"destination_number", kX5},
                       {"sip_refer_to", "sip:17100000005@192.0.2.9"},
                       {"sip_referred_by", ""},
                       {"transfer_source", "1764770000:t7:bl_xfer:17100000005/cti_bridge/internal"},
                       {"transferor", "callee"}},
                      false);
  ASSERT_EQ(r.status, 200u) << r.body.dump();
  EXPECT_EQ(r.body["dial"]["number"], "+8613700000001");
  EXPECT_EQ(record("t7")["transferred_to"], "+8617100000005");
}

}  // namespace
}  // namespace ctib::numbers::api::testing
