// /v1/cti: routing answers (AXB, AXN, refusals, expiry, restrictions), the
// shared secret, notifications, and their validation errors.
#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

const Json kRefusal = {{"dial", {{"type", "hangup"}, {"cause", "UNALLOCATED_NUMBER"}}}};

class CtiApiTest : public NumbersApiTest {
 protected:
  void SetUp() override {
    NumbersApiTest::SetUp();
    import("+8617100000001", "010");
  }
  Reply route(const std::string& uuid, const std::string& caller, const std::string& x = "17100000001") {
    return cti("action=request&uuid=" + uuid + "&caller_id_number=" + caller + "&destination_number=" + x +
               "&direction=inbound&sip_call_id=abc%40host");
  }
};

TEST_F(CtiApiTest, AxbRoutesBothWaysShowingX) {
  bind("13800000001", "13900000001", {{"record", true}, {"max_duration", 300}});
  const auto a_calls = route("u1", "13800000001");
  ASSERT_EQ(a_calls.status, 200u) << a_calls.body.dump();
  EXPECT_EQ(a_calls.body["dial"], Json({{"type", "gateway"}, {"gateway", "gw-010"}, {"number", "+8613900000001"}}));
  EXPECT_EQ(a_calls.body["variables"]["origination_caller_id_number"], "+8617100000001");
  EXPECT_EQ(a_calls.body["variables"]["origination_caller_id_name"], "+8617100000001");
  EXPECT_EQ(a_calls.body["variables"]["sip_copy_custom_headers"], "false");
  EXPECT_EQ(a_calls.body["variables"]["ctib_record"], "true");
  EXPECT_EQ(a_calls.body["variables"]["ctib_max_duration"], "300");
  const auto b_calls = route("u2", "%2B8613900000001");
  EXPECT_EQ(b_calls.body["dial"]["number"], "+8613800000001");
  EXPECT_EQ(b_calls.body["variables"]["origination_caller_id_number"], "+8617100000001");
}

// Issue 12: the format follows the gateway the call leaves through. A
// Beijing landline X keeps its trunk prefix on a national gateway, and an
// as-imported gateway shows X exactly as it was imported.
TEST_F(CtiApiTest, NumbersTakeTheFormatOfTheGateway) {
  import("01095013001", "land");
  import("+86 10 9501 3002", "asis");
  bind("13800000001", "01087654321", {{"x", "01095013001"}});
  const auto land = route("u1", "13800000001", "01095013001");
  ASSERT_EQ(land.status, 200u) << land.body.dump();
  EXPECT_EQ(land.body["dial"], Json({{"type", "gateway"}, {"gateway", "gw-land"}, {"number", "01087654321"}}));
  EXPECT_EQ(land.body["variables"]["origination_caller_id_number"], "01095013001");
  EXPECT_EQ(land.body["variables"]["origination_caller_id_name"], "01095013001");
  EXPECT_EQ(route("u2", "01087654321", "%2B861095013001").body["dial"]["number"], "13800000001");

  bind("13800000002", "+14155550100", {{"x", "1095013002"}});
  const auto asis = route("u3", "13800000002", "01095013002");
  EXPECT_EQ(asis.body["variables"]["origination_caller_id_number"], "+86 10 9501 3002");
  EXPECT_EQ(asis.body["dial"]["number"], "+14155550100");  // the callee has no imported text: national
  EXPECT_EQ(route("u4", "%2B14155550100", "01095013002").body["dial"]["number"], "13800000002");

  // The gateway of every other test keeps the fallback format.
  bind("13800000003", "13900000003");
  EXPECT_EQ(route("u5", "13800000003").body["dial"]["number"], "+8613900000003");
}

// AXYB: A dials Y and B sees X; B dials X and A sees Y; each call leaves
// through the trunk of the number shown; A dialling X is intercepted.
TEST_F(CtiApiTest, AxybShowsXToBAndYToA) {
  import("17100000002", "020");
  ASSERT_EQ(post("/v1/bindings", {{"mode", "AXYB"}, {"a", "13800000001"}, {"b", "13900000001"},
                                  {"x", "17100000001"}, {"y", "17100000002"}, {"expiration", in(600s)}})
                .status,
            201u);
  const auto a_calls = route("u1", "13800000001", "17100000002");
  ASSERT_EQ(a_calls.status, 200u) << a_calls.body.dump();
  EXPECT_EQ(a_calls.body["dial"], Json({{"type", "gateway"}, {"gateway", "gw-010"}, {"number", "+8613900000001"}}));
  EXPECT_EQ(a_calls.body["variables"]["origination_caller_id_number"], "+8617100000001");
  EXPECT_EQ(a_calls.body["variables"]["origination_caller_id_name"], "+8617100000001");
  const auto b_calls = route("u2", "13900000001", "17100000001");
  EXPECT_EQ(b_calls.body["dial"], Json({{"type", "gateway"}, {"gateway", "gw-020"}, {"number", "+8613800000001"}}));
  EXPECT_EQ(b_calls.body["variables"]["origination_caller_id_number"], "+8617100000002");
  EXPECT_EQ(route("u3", "13800000001", "17100000001").body, kRefusal);
  EXPECT_EQ(route("u4", "13900000001", "17100000002").body, kRefusal);
  EXPECT_EQ(route("u5", "13700000001", "17100000002").body, kRefusal);
  const auto a_record = get("/v1/records/u1");
  EXPECT_EQ(a_record.body["direction"], "a_to_peer");
  EXPECT_EQ(a_record.body["x"], "+8617100000002");  // the number dialled
  EXPECT_EQ(a_record.body["peer"], "+8613900000001");
  EXPECT_EQ(get("/v1/records/u2").body["direction"], "peer_to_a");
  const auto intercepted = get("/v1/records/u3");
  EXPECT_EQ(intercepted.body["direction"], "intercepted");
  EXPECT_FALSE(intercepted.body["binding_id"].is_null());
}

TEST_F(CtiApiTest, AxnRoutesAnyoneToAAndAToDefaultB) {
  ASSERT_EQ(post("/v1/bindings", {{"mode", "AXN"}, {"a", "13800000001"}, {"b", "13900000001"},
                                  {"expiration", in(600s)}}).status, 201u);
  const auto stranger = route("u1", "13700000001");
  EXPECT_EQ(stranger.body["dial"]["number"], "+8613800000001");
  EXPECT_EQ(stranger.body["variables"]["origination_caller_id_number"], "+8617100000001");
  EXPECT_EQ(route("u2", "13800000001").body["dial"]["number"], "+8613900000001");
}

TEST_F(CtiApiTest, RefusesWithoutLiveBindingAndRecordsIntercepted) {
  EXPECT_EQ(route("u1", "13800000001").body, kRefusal);
  bind("13800000001", "13900000001");
  EXPECT_EQ(route("u2", "13700000001").body, kRefusal);  // not a party
  EXPECT_EQ(route("u3", "13800000001", "17100000009").body, kRefusal);  // X not in the pool
  EXPECT_EQ(route("u4", "anonymous").body, kRefusal);
  const auto record = get("/v1/records/u2");
  ASSERT_EQ(record.status, 200u);
  EXPECT_EQ(record.body["direction"], "intercepted");
  EXPECT_EQ(record.body["caller"], "+8613700000001");
}

TEST_F(CtiApiTest, StopsAtTheExpiryInstantAndHonoursRestrictions) {
  bind("13800000001", "13900000001", {{"expiration", in(60s)}, {"call_restrict", "a_to_x_barred"}});
  EXPECT_EQ(route("u1", "13800000001").body, kRefusal);
  EXPECT_EQ(route("u2", "13900000001").body["dial"]["type"], "gateway");
  clock_.advance(60s);
  EXPECT_EQ(route("u3", "13900000001").body, kRefusal);
}

TEST_F(CtiApiTest, UnbindStopsRouting) {
  const auto b = bind("13800000001", "13900000001");
  ASSERT_EQ(del("/v1/bindings/" + b["id"].get<std::string>()).status, 200u);
  EXPECT_EQ(route("u1", "13800000001").body, kRefusal);
}

TEST_F(CtiApiTest, SecretInUrlOrHeaderOnly) {
  const auto none = call("GET", "/v1/cti?action=request&uuid=u1", nullptr, false);
  EXPECT_EQ(none.status, 401u);
  EXPECT_EQ(none.body["error"]["field"], "secret");
  EXPECT_EQ(call("GET", "/v1/cti?secret=wrong&action=request&uuid=u1", nullptr, false).status, 401u);
  // An API key does not open the routing endpoint.
  EXPECT_EQ(call("GET", "/v1/cti?action=request&uuid=u1", nullptr, true).status, 401u);
  const auto header = client_->request("GET", "/v1/cti?action=request&uuid=u1&caller_id_number=1&destination_number=2",
                                       "", {{"X-Routing-Secret", kSecret}});
  EXPECT_EQ(header.status, 200u);
}

TEST_F(CtiApiTest, PostModeTakesAJsonBody) {
  bind("13800000001", "13900000001");
  const auto r = client_->request("POST", std::string("/v1/cti?secret=") + kSecret,
                                  Json({{"action", "request"}, {"uuid", "u1"}, {"caller_id_number", "13800000001"},
                                        {"destination_number", 17100000001LL}}).dump());
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(Json::parse(r.body)["dial"]["number"], "+8613900000001");
  const auto bad = client_->request("POST", std::string("/v1/cti?secret=") + kSecret,
                                    Json({{"action", "request"}, {"uuid", {1}}}).dump());
  EXPECT_EQ(bad.status, 400u);
}

TEST_F(CtiApiTest, ValidationErrors) {
  expect_invalid(cti("uuid=u1"), "action");
  expect_invalid(cti("action=transfer&uuid=u1"), "action");
  expect_invalid(cti("action=request"), "uuid");
  expect_invalid(cti("action=request&uuid="), "uuid");
  expect_invalid(cti("action=request&uuid=" + std::string(129, 'u')), "uuid");
  expect_invalid(cti("action=hangup&uuid=u1&billsec=-1"), "billsec");
  expect_invalid(cti("action=hangup&uuid=u1&duration=x"), "duration");
  expect_invalid(cti("action=hangup&uuid=u1&start_epoch=soon"), "start_epoch");
  expect_invalid(cti("action=hangup&uuid=u1&answer_epoch=-5"), "answer_epoch");
  expect_invalid(cti("action=hangup&uuid=u1&end_epoch=1.5"), "end_epoch");
  expect_invalid(cti("action=hangup&uuid=u1&sip_term_status=99"), "sip_term_status");
  expect_invalid(cti("action=hangup&uuid=u1&hangup_cause_q850=300"), "hangup_cause_q850");
  expect_invalid(cti("action=hangup&uuid=u1&hangup_by=nobody"), "hangup_by");
  const auto bad_escape = call("GET", std::string("/v1/cti?secret=") + kSecret + "&action=ring&uuid=%zz", nullptr, false);
  EXPECT_EQ(bad_escape.status, 400u);
}

TEST_F(CtiApiTest, NotificationsBuildOneRecordIdempotently) {
  const auto b = bind("13800000001", "13900000001", {{"out_id", "order-9"}});
  ASSERT_EQ(route("call-1", "13800000001").status, 200u);
  const std::string common = "uuid=call-1&caller_id_number=13800000001&destination_number=17100000001";
  const std::string hangup = "action=hangup&" + common +
                             "&hangup_cause=NORMAL_CLEARING&hangup_cause_q850=16&sip_term_status=200"
                             "&start_epoch=1700000000&answer_epoch=1700000008&end_epoch=1700000068"
                             "&duration=68&billsec=60&hangup_by=callee&dialed=gw";
  for (const std::string& action : {"action=ring&" + common, hangup, "action=answer&" + common,
                                    "action=progress&" + common, hangup, "action=ring&" + common}) {
    const auto r = cti(action);
    ASSERT_EQ(r.status, 200u) << r.body.dump();
  }
  const auto r = get("/v1/records/call-1");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body["binding_id"], b["id"]);
  EXPECT_EQ(r.body["out_id"], "order-9");
  EXPECT_EQ(r.body["a"], "+8613800000001");
  EXPECT_EQ(r.body["x"], "+8617100000001");
  EXPECT_EQ(r.body["peer"], "+8613900000001");
  EXPECT_EQ(r.body["direction"], "a_to_peer");
  EXPECT_EQ(r.body["call_time"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(r.body["answer_time"], "2023-11-14T22:13:28Z");
  EXPECT_EQ(r.body["release_time"], "2023-11-14T22:14:28Z");
  EXPECT_EQ(r.body["duration"], 68);
  EXPECT_EQ(r.body["billsec"], 60);
  EXPECT_EQ(r.body["release_direction"], "callee");
  EXPECT_EQ(r.body["release_cause"], Json({{"name", "NORMAL_CLEARING"}, {"q850", 16}}));
  EXPECT_EQ(r.body["sip_status"], 200);
  EXPECT_FALSE(r.body["ring_time"].is_null());
  EXPECT_FALSE(r.body["progress_time"].is_null());
  EXPECT_EQ(get("/v1/records?binding_id=" + b["id"].get<std::string>()).body["total"], 1);
}

TEST_F(CtiApiTest, ReleasedRecordIsNotRewrittenByAConflictingLateHangup) {
  bind("13800000001", "13900000001", Json::object());
  ASSERT_EQ(route("call-2", "13800000001").status, 200u);
  const std::string common = "uuid=call-2&caller_id_number=13800000001&destination_number=17100000001";
  const auto first = cti("action=hangup&" + common +
                         "&hangup_cause=NORMAL_CLEARING&hangup_cause_q850=16&sip_term_status=200"
                         "&start_epoch=1700000000&answer_epoch=1700000008&end_epoch=1700000068"
                         "&duration=68&billsec=60&hangup_by=callee");
  ASSERT_EQ(first.status, 200u);
  const auto late = cti("action=hangup&" + common +
                        "&hangup_cause=USER_BUSY&hangup_cause_q850=17&sip_term_status=486"
                        "&start_epoch=1700000100&end_epoch=1700000101&duration=1&billsec=0&hangup_by=callee");
  // 2xx, so the engine stops retrying it, but not applied.
  ASSERT_EQ(late.status, 200u) << late.body.dump();
  EXPECT_EQ(late.body["applied"], false);
  const auto r = get("/v1/records/call-2");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body["release_cause"], Json({{"name", "NORMAL_CLEARING"}, {"q850", 16}}));
  EXPECT_EQ(r.body["sip_status"], 200);
  EXPECT_EQ(r.body["billsec"], 60);
  EXPECT_EQ(r.body["call_time"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(r.body["release_time"], "2023-11-14T22:14:28Z");
}

}  // namespace
}  // namespace ctib::numbers::api::testing
