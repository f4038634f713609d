// /v1/bindings: bind, query by id and number, update, unbind; idempotency;
// every validation error.
#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

class BindingsApiTest : public NumbersApiTest {
 protected:
  void SetUp() override {
    NumbersApiTest::SetUp();
    import("+8617100000001", "010");
    import("+8617100000002", "0755");
  }
  Json valid() const {
    return {{"mode", "AXB"}, {"a", "13800000001"}, {"b", "13900000001"}, {"expiration", in(3600s)}};
  }
  Json with(const std::string& key, const Json& value) const {
    Json body = valid();
    body[key] = value;
    return body;
  }
};

TEST_F(BindingsApiTest, BindReturnsEveryField) {
  Json body = valid();
  body.update({{"area_code", "0755"}, {"out_id", "order-1"}, {"user_data", "courier 7"}, {"record", true},
               {"call_restrict", "b_to_x_barred"}, {"max_duration", 600}});
  const auto r = post("/v1/bindings", body);
  ASSERT_EQ(r.status, 201u) << r.body.dump();
  EXPECT_EQ(r.body["mode"], "AXB");
  EXPECT_EQ(r.body["a"], "+8613800000001");
  EXPECT_EQ(r.body["b"], "+8613900000001");
  EXPECT_EQ(r.body["x"], "+8617100000002");
  EXPECT_EQ(r.body["expiration"], in(3600s));
  EXPECT_EQ(r.body["out_id"], "order-1");
  EXPECT_EQ(r.body["user_data"], "courier 7");
  EXPECT_EQ(r.body["record"], true);
  EXPECT_EQ(r.body["call_restrict"], "b_to_x_barred");
  EXPECT_EQ(r.body["max_duration"], 600);
  EXPECT_EQ(r.body["state"], "active");
  EXPECT_TRUE(r.body["released_at"].is_null());
  EXPECT_EQ(get("/v1/numbers/17100000002").body["status"], "in_use");
}

// AXYB (Alibaba BindAxyb) through the bindings API: create with Y picked
// or given, query by id and by Y, bad input, unbind.
TEST_F(BindingsApiTest, AxybBindQueryAndUnbind) {
  Json body = valid();
  body["mode"] = "AXYB";
  const auto r = post("/v1/bindings", body);
  ASSERT_EQ(r.status, 201u) << r.body.dump();
  EXPECT_EQ(r.body["mode"], "AXYB");
  ASSERT_TRUE(r.body["y"].is_string());
  EXPECT_NE(r.body["x"], r.body["y"]);
  const std::string id = r.body["id"];
  const std::string y = r.body["y"];
  EXPECT_EQ(get("/v1/bindings/" + id).body["y"], y);
  const auto by_y = get("/v1/bindings?number=" + y.substr(1));
  ASSERT_EQ(by_y.status, 200u) << by_y.body.dump();
  ASSERT_EQ(by_y.body["total"], 1);
  EXPECT_EQ(by_y.body["items"][0]["id"], id);
  EXPECT_EQ(del("/v1/bindings/" + id).body["state"], "released");
  EXPECT_EQ(get("/v1/bindings?number=" + y.substr(1)).body["total"], 0);

  // Given numbers, in any spelling.
  Json given = valid();
  // (Other parties: X and Y stay away from A and B for the cool-down.)
  given.update({{"mode", "AXYB"}, {"a", "13800000003"}, {"b", "13900000003"}, {"x", "+86 171 0000 0002"},
                {"y", "17100000001"}});
  const auto g = post("/v1/bindings", given);
  ASSERT_EQ(g.status, 201u) << g.body.dump();
  EXPECT_EQ(g.body["x"], "+8617100000002");
  EXPECT_EQ(g.body["y"], "+8617100000001");
  // The other modes have no Y.
  EXPECT_TRUE(bind("13800000005", "13900000005")["y"].is_null());
}

TEST_F(BindingsApiTest, AxybValidationErrors) {
  Json body = valid();
  body["mode"] = "AXYB";
  body.erase("b");
  expect_invalid(post("/v1/bindings", body), "b");
  body["b"] = "13900000001";
  body["y"] = "not a number";
  expect_invalid(post("/v1/bindings", body), "y");
  body["x"] = "17100000001";
  body["y"] = "17100000001";
  expect_invalid(post("/v1/bindings", body), "y");
  body.erase("x");
  body["y"] = "17100000002";
  body["area_code"] = "010";
  expect_invalid(post("/v1/bindings", body), "area_code");
  expect_invalid(post("/v1/bindings", with("y", "17100000002")), "y");  // AXB has no Y
  Json unknown = valid();
  unknown.update({{"mode", "AXYB"}, {"y", "17100000009"}});
  expect_invalid(post("/v1/bindings", unknown), "y");  // not in the pool
  const auto bad_mode = post("/v1/bindings", with("mode", "AXZ"));
  expect_invalid(bad_mode, "mode");
  EXPECT_NE(bad_mode.body["error"]["message"].get<std::string>().find("AXE"), std::string::npos);
}

TEST_F(BindingsApiTest, SameOutIdIsIdempotent) {
  const auto first = post("/v1/bindings", with("out_id", "o-1"));
  ASSERT_EQ(first.status, 201u);
  const auto again = post("/v1/bindings", with("out_id", "o-1"));
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(again.body["id"], first.body["id"]);
  Json other = with("out_id", "o-1");
  other["b"] = "13900000002";
  const auto clash = post("/v1/bindings", other);
  EXPECT_EQ(clash.status, 409u);
  EXPECT_EQ(clash.body["error"]["field"], "out_id");
}

TEST_F(BindingsApiTest, BindValidationErrors) {
  expect_invalid(post("/v1/bindings", Json::array()), "body");
  expect_invalid(post("/v1/bindings", with("colour", "red")), "colour");
  Json no_mode = valid();
  no_mode.erase("mode");
  expect_invalid(post("/v1/bindings", no_mode), "mode");
  expect_invalid(post("/v1/bindings", with("mode", "AXZ")), "mode");
  Json no_a = valid();
  no_a.erase("a");
  expect_invalid(post("/v1/bindings", no_a), "a");
  expect_invalid(post("/v1/bindings", with("a", "not-a-number")), "a");
  expect_invalid(post("/v1/bindings", with("a", 13800000001LL)), "a");
  Json no_b = valid();
  no_b.erase("b");
  expect_invalid(post("/v1/bindings", no_b), "b");
  expect_invalid(post("/v1/bindings", with("b", "+86 138 0000 0001")), "b");  // same as a
  expect_invalid(post("/v1/bindings", with("x", "13800000001")), "x");
  expect_invalid(post("/v1/bindings", with("x", "12")), "x");
  Json no_expiry = valid();
  no_expiry.erase("expiration");
  expect_invalid(post("/v1/bindings", no_expiry), "expiration");
  expect_invalid(post("/v1/bindings", with("expiration", in(59s))), "expiration");
  expect_invalid(post("/v1/bindings", with("expiration", "tomorrow")), "expiration");
  expect_invalid(post("/v1/bindings", with("expiration", true)), "expiration");
  expect_invalid(post("/v1/bindings", with("expiration", 99999999999999LL)), "expiration");
  expect_invalid(post("/v1/bindings", with("out_id", std::string(65, 'o'))), "out_id");
  expect_invalid(post("/v1/bindings", with("user_data", std::string(1025, 'u'))), "user_data");
  expect_invalid(post("/v1/bindings", with("record", "yes")), "record");
  expect_invalid(post("/v1/bindings", with("call_restrict", "both")), "call_restrict");
  expect_invalid(post("/v1/bindings", with("max_duration", -1)), "max_duration");
  expect_invalid(post("/v1/bindings", with("max_duration", 86401)), "max_duration");
  expect_invalid(post("/v1/bindings", with("max_duration", 1.5)), "max_duration");
  expect_invalid(post("/v1/bindings", with("fallback_area_codes", {"021"})), "fallback_area_codes");
  expect_invalid(post("/v1/bindings", with("fallback_area_codes", "021")), "fallback_area_codes");
  Json x_and_area = with("x", "17100000001");
  x_and_area["area_code"] = "010";
  expect_invalid(post("/v1/bindings", x_and_area), "area_code");
  // Unix seconds are accepted for expiration.
  EXPECT_EQ(post("/v1/bindings", with("expiration", model::to_epoch(clock_.now()) + 120)).status, 201u);
}

TEST_F(BindingsApiTest, PoolRulesAreConflicts) {
  Json pinned = with("x", "17100000009");
  expect_invalid(post("/v1/bindings", pinned), "x");  // not in the pool
  ASSERT_EQ(post("/v1/bindings", with("x", "17100000001")).status, 201u);
  Json clash = with("x", "17100000001");
  clash["b"] = "13900000002";
  const auto r = post("/v1/bindings", clash);
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(r.body["error"]["field"], "x");
  Json area = with("area_code", "021");
  area["a"] = "13800000005";
  area["b"] = "13900000005";
  const auto none = post("/v1/bindings", area);
  EXPECT_EQ(none.status, 409u);
  EXPECT_EQ(none.body["error"]["field"], "area_code");
}

TEST_F(BindingsApiTest, AxnWithOptionalDefaultB) {
  const auto r = post("/v1/bindings", {{"mode", "AXN"}, {"a", "13800000001"}, {"expiration", in(600s)}});
  ASSERT_EQ(r.status, 201u) << r.body.dump();
  EXPECT_TRUE(r.body["b"].is_null());
  const auto id = r.body["id"].get<std::string>();
  const auto set_b = patch("/v1/bindings/" + id, {{"b", "13900000001"}});
  ASSERT_EQ(set_b.status, 200u) << set_b.body.dump();
  EXPECT_EQ(set_b.body["b"], "+8613900000001");
  const auto cleared = patch("/v1/bindings/" + id, {{"b", nullptr}});
  EXPECT_TRUE(cleared.body["b"].is_null());
}

TEST_F(BindingsApiTest, QueryByIdAndByNumber) {
  const auto b = bind("13800000001", "13900000001");
  bind("13800000001", "13900000002");
  const auto id = b["id"].get<std::string>();
  EXPECT_EQ(get("/v1/bindings/" + id).body["a"], "+8613800000001");
  EXPECT_EQ(get("/v1/bindings/bnd_missing").status, 404u);
  expect_invalid(get("/v1/bindings/" + id + "?verbose=1"), "verbose");
  EXPECT_EQ(get("/v1/bindings?number=13800000001").body["total"], 2);
  EXPECT_EQ(get("/v1/bindings?number=%2B8613900000002").body["total"], 1);
  EXPECT_EQ(get("/v1/bindings?number=13800000001&page_size=1").body["items"].size(), 1u);
  ASSERT_EQ(del("/v1/bindings/" + id).status, 200u);
  EXPECT_EQ(get("/v1/bindings?number=13800000001").body["total"], 1);
  EXPECT_EQ(get("/v1/bindings?number=13800000001&state=all").body["total"], 2);
  expect_invalid(get("/v1/bindings?number=abc"), "number");
  expect_invalid(get("/v1/bindings?state=dead"), "state");
  expect_invalid(get("/v1/bindings?page=-1"), "page");
  expect_invalid(get("/v1/bindings?a=1"), "a");
}

TEST_F(BindingsApiTest, UpdateAndItsValidationErrors) {
  const auto b = bind("13800000001", "13900000001");
  const std::string target = "/v1/bindings/" + b["id"].get<std::string>();
  const auto r = patch(target, {{"b", "13900000003"}, {"expiration", in(7200s)}, {"call_restrict", "a_to_x_barred"}});
  ASSERT_EQ(r.status, 200u) << r.body.dump();
  EXPECT_EQ(r.body["b"], "+8613900000003");
  EXPECT_EQ(r.body["expiration"], in(7200s));
  EXPECT_EQ(r.body["call_restrict"], "a_to_x_barred");
  expect_invalid(patch(target, Json::object()), "body");
  expect_invalid(patch(target, {{"a", "13800000009"}}), "a");
  expect_invalid(patch(target, {{"b", "13800000001"}}), "b");
  expect_invalid(patch(target, {{"b", nullptr}}), "b");
  expect_invalid(patch(target, {{"b", "x"}}), "b");
  expect_invalid(patch(target, {{"expiration", in(10s)}}), "expiration");
  expect_invalid(patch(target, {{"call_restrict", 1}}), "call_restrict");
  expect_invalid(call("PATCH", target, nullptr), "body");
  EXPECT_EQ(patch("/v1/bindings/bnd_missing", {{"call_restrict", "none"}}).status, 404u);
  ASSERT_EQ(del(target).status, 200u);
  EXPECT_EQ(patch(target, {{"call_restrict", "none"}}).status, 409u);
}

TEST_F(BindingsApiTest, UnbindIsIdempotent) {
  const auto b = bind("13800000001", "13900000001");
  const std::string target = "/v1/bindings/" + b["id"].get<std::string>();
  const auto r = del(target);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body["state"], "released");
  EXPECT_FALSE(r.body["released_at"].is_null());
  EXPECT_EQ(del(target).body["state"], "released");
  EXPECT_EQ(del("/v1/bindings/bnd_missing").status, 404u);
  expect_invalid(del(target + "?force=1"), "force");
}

TEST_F(BindingsApiTest, ExpiredBindingReadsAsExpired) {
  const auto b = bind("13800000001", "13900000001", {{"expiration", in(60s)}});
  clock_.advance(60s);
  EXPECT_EQ(get("/v1/bindings/" + b["id"].get<std::string>()).body["state"], "expired");
}

}  // namespace
}  // namespace ctib::numbers::api::testing
