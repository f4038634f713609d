// /v1/numbers: import, list, get, change, retire; auth; every validation error.
#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

Json one(const std::string& number, const std::string& gw = "gw1", const std::string& area = "010") {
  return {{"numbers", {{{"number", number}, {"gateway", gw}, {"area_code", area}}}}};
}

TEST_F(NumbersApiTest, ManagementRoutesNeedAnApiKey) {
  const auto none = call("GET", "/v1/numbers", nullptr, false);
  EXPECT_EQ(none.status, 401u);
  EXPECT_EQ(none.body["error"]["field"], "X-API-Key");
  const auto wrong = client_->request("GET", "/v1/numbers", "", {{"X-API-Key", "test-kex"}});
  EXPECT_EQ(wrong.status, 401u);
  const auto other = client_->request("GET", "/v1/numbers", "", {{"X-API-Key", "other-key"}});
  EXPECT_EQ(other.status, 200u);
  EXPECT_EQ(call("GET", "/v1/health", nullptr, false).status, 200u);
}

TEST_F(NumbersApiTest, UnknownRouteAndMethodAreJsonErrors) {
  const auto missing = get("/v1/nothing");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_TRUE(missing.body["error"]["message"].is_string());
  EXPECT_EQ(call("PUT", "/v1/numbers").status, 405u);
}

TEST_F(NumbersApiTest, ImportNormalisesAndLists) {
  const auto r = post("/v1/numbers", one("171-0000-0001"));
  ASSERT_EQ(r.status, 201u) << r.body.dump();
  EXPECT_EQ(r.body["numbers"][0]["number"], "+8617100000001");
  EXPECT_EQ(r.body["numbers"][0]["state"], "available");
  import("+8617100000002", "0755");
  const auto all = get("/v1/numbers");
  EXPECT_EQ(all.body["total"], 2);
  EXPECT_EQ(all.body["items"][0]["status"], "free");
  EXPECT_EQ(all.body["items"][0]["live_pairs"], 0);
  EXPECT_EQ(get("/v1/numbers?area_code=0755").body["total"], 1);
  const auto paged = get("/v1/numbers?page=2&page_size=1");
  EXPECT_EQ(paged.body["items"].size(), 1u);
  EXPECT_EQ(paged.body["page"], 2);
  EXPECT_EQ(paged.body["items"][0]["number"], "+8617100000002");
}

TEST_F(NumbersApiTest, ImportValidationErrors) {
  expect_invalid(call("POST", "/v1/numbers", nullptr), "body");
  const auto not_json = client_->request("POST", "/v1/numbers", "{nope", {{"X-API-Key", kKey}});
  EXPECT_EQ(not_json.status, 400u);
  expect_invalid(post("/v1/numbers", Json::array()), "body");
  expect_invalid(post("/v1/numbers", {{"numbers", Json::array()}, {"extra", 1}}), "extra");
  expect_invalid(post("/v1/numbers", {{"numbers", Json::array()}}), "numbers");
  expect_invalid(post("/v1/numbers", {{"numbers", "x"}}), "numbers");
  expect_invalid(post("/v1/numbers", {{"numbers", {1}}}), "numbers[0]");
  expect_invalid(post("/v1/numbers", {{"numbers", {{{"number", "+8617100000001"}, {"gateway", "g"},
                                                    {"area_code", "010"}, {"color", "red"}}}}}),
                 "numbers[0].color");
  expect_invalid(post("/v1/numbers", one("abc")), "numbers[0].number");
  expect_invalid(post("/v1/numbers", one("+8617100000001", "")), "numbers[0].gateway");
  expect_invalid(post("/v1/numbers", {{"numbers", {{{"number", "+8617100000001"}, {"area_code", "010"}}}}}),
                 "numbers[0].gateway");
  expect_invalid(post("/v1/numbers", {{"numbers", {{{"number", "+8617100000001"}, {"gateway", "g"}}}}}),
                 "numbers[0].area_code");
  expect_invalid(post("/v1/numbers", {{"numbers", {{{"number", 17100000001LL}, {"gateway", "g"}, {"area_code", "1"}}}}}),
                 "numbers[0].number");
  Json twice = {{"numbers",
                 {{{"number", "+8617100000001"}, {"gateway", "g"}, {"area_code", "010"}},
                  {{"number", "17100000001"}, {"gateway", "g"}, {"area_code", "010"}}}}};
  expect_invalid(post("/v1/numbers", twice), "numbers[1].number");
  import("+8617100000001", "010");
  const auto dup = post("/v1/numbers", one("+8617100000001"));
  EXPECT_EQ(dup.status, 409u);
  EXPECT_EQ(dup.body["error"]["field"], "numbers[0].number");
}

TEST_F(NumbersApiTest, ListValidationErrors) {
  expect_invalid(get("/v1/numbers?state=busy"), "state");
  expect_invalid(get("/v1/numbers?page=0"), "page");
  expect_invalid(get("/v1/numbers?page_size=101"), "page_size");
  expect_invalid(get("/v1/numbers?page_size=ten"), "page_size");
  expect_invalid(get("/v1/numbers?areacode=010"), "areacode");
}

TEST_F(NumbersApiTest, GetOneNumber) {
  import("+8617100000001", "010");
  const auto r = get("/v1/numbers/%2B8617100000001");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body["gateway"], "gw-010");
  EXPECT_EQ(get("/v1/numbers/17100000001").status, 200u);
  EXPECT_EQ(get("/v1/numbers/17100000009").status, 404u);
  expect_invalid(get("/v1/numbers/abc"), "number");
  expect_invalid(get("/v1/numbers/17100000001?x=1"), "x");
}

TEST_F(NumbersApiTest, ChangeNumber) {
  import("+8617100000001", "010");
  const auto r = patch("/v1/numbers/17100000001", {{"state", "quarantined"}, {"gateway", "gw9"}});
  ASSERT_EQ(r.status, 200u) << r.body.dump();
  EXPECT_EQ(r.body["state"], "quarantined");
  EXPECT_EQ(r.body["status"], "quarantined");
  EXPECT_EQ(r.body["gateway"], "gw9");
  expect_invalid(patch("/v1/numbers/17100000001", Json::object()), "body");
  expect_invalid(patch("/v1/numbers/17100000001", {{"owner", "me"}}), "owner");
  expect_invalid(patch("/v1/numbers/17100000001", {{"state", "retired"}}), "state");
  expect_invalid(patch("/v1/numbers/17100000001", {{"state", "sleeping"}}), "state");
  expect_invalid(patch("/v1/numbers/17100000001", {{"gateway", ""}}), "gateway");
  expect_invalid(patch("/v1/numbers/17100000001", {{"area_code", 10}}), "area_code");
  expect_invalid(patch("/v1/numbers/x", {{"gateway", "g"}}), "number");
  EXPECT_EQ(patch("/v1/numbers/17100000009", {{"gateway", "g"}}).status, 404u);
}

TEST_F(NumbersApiTest, RetireNumber) {
  import("+8617100000001", "010");
  const auto b = bind("+8613800000001", "+8613900000001");
  const auto busy = del("/v1/numbers/17100000001");
  EXPECT_EQ(busy.status, 409u);
  EXPECT_EQ(busy.body["error"]["field"], "number");
  ASSERT_EQ(del("/v1/bindings/" + b["id"].get<std::string>()).status, 200u);
  const auto r = del("/v1/numbers/17100000001");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body["state"], "retired");
  EXPECT_EQ(del("/v1/numbers/17100000001").status, 200u);
  EXPECT_EQ(del("/v1/numbers/17100000009").status, 404u);
  expect_invalid(del("/v1/numbers/x"), "number");
  // A retired number can be imported again.
  EXPECT_EQ(post("/v1/numbers", one("+8617100000001")).status, 201u);
}

TEST_F(NumbersApiTest, BodiesThatAreNotJsonAreRefused415) {
  const std::string body = R"({"numbers":[{"number":"01095013001","gateway":"gw","area_code":"010"}]})";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "application/jsonp"}) {
    const auto r = client_->request("POST", "/v1/numbers", body, {{"X-API-Key", kKey}, {"Content-Type", type}});
    EXPECT_EQ(r.status, 415u) << type << ": " << r.body;
    EXPECT_NE(r.body.find("application/json"), std::string::npos) << r.body;
  }
  // The same body as JSON (with parameters, in any case) is taken.
  const auto ok = client_->request("POST", "/v1/numbers", body,
                                   {{"X-API-Key", kKey}, {"Content-Type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(ok.status, 201u) << ok.body;
}

}  // namespace
}  // namespace ctib::numbers::api::testing
