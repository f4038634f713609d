// /v1/groups (AXG groups): create, add and remove members, read; every
// validation error; and AXG routing through /v1/cti: a member reaches A, a
// stranger is refused as on an unbound X and recorded intercepted.
#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

const Json kRefusal = {{"dial", {{"type", "hangup"}, {"cause", "UNALLOCATED_NUMBER"}}}};

class GroupsApiTest : public NumbersApiTest {
 protected:
  void SetUp() override {
    NumbersApiTest::SetUp();
    import("+8617100000001", "010");
  }
  std::string create(const Json& body) {
    const auto r = post("/v1/groups", body);
    EXPECT_EQ(r.status, 201u) << r.body.dump();
    return r.body.value("id", "");
  }
  Reply route(const std::string& uuid, const std::string& caller) {
    return cti("action=request&uuid=" + uuid + "&caller_id_number=" + caller + "&destination_number=17100000001");
  }
};

TEST_F(GroupsApiTest, CreateAddRemoveAndRead) {
  const auto created = post("/v1/groups", {{"name", "couriers"}, {"numbers", {"13700000001", "+86 137 0000 0001"}}});
  ASSERT_EQ(created.status, 201u) << created.body.dump();
  const std::string id = created.body["id"];
  EXPECT_TRUE(id.starts_with("grp_"));
  EXPECT_EQ(created.body["name"], "couriers");
  EXPECT_EQ(created.body["numbers"], Json({"+8613700000001"}));  // one number, two spellings
  EXPECT_TRUE(created.body["created_at"].is_string());

  const auto added = post("/v1/groups/" + id + "/numbers", {{"numbers", {"13700000002", "13700000001"}}});
  ASSERT_EQ(added.status, 200u) << added.body.dump();
  EXPECT_EQ(added.body["numbers"], Json({"+8613700000001", "+8613700000002"}));
  const auto removed = del("/v1/groups/" + id + "/numbers/13700000001");
  ASSERT_EQ(removed.status, 200u) << removed.body.dump();
  EXPECT_EQ(removed.body["numbers"], Json({"+8613700000002"}));
  EXPECT_EQ(get("/v1/groups/" + id).body["numbers"], Json({"+8613700000002"}));

  const auto empty = post("/v1/groups", Json::object());
  ASSERT_EQ(empty.status, 201u);
  EXPECT_EQ(empty.body["numbers"], Json::array());
  EXPECT_EQ(empty.body["name"], "");
}

TEST_F(GroupsApiTest, BadInputIsAClear4xx) {
  expect_invalid(post("/v1/groups", Json::array()), "body");
  expect_invalid(post("/v1/groups", {{"colour", "red"}}), "colour");
  expect_invalid(post("/v1/groups", {{"name", std::string(65, 'n')}}), "name");
  expect_invalid(post("/v1/groups", {{"numbers", "13700000001"}}), "numbers");
  expect_invalid(post("/v1/groups", {{"numbers", Json::array()}}), "numbers");
  expect_invalid(post("/v1/groups", {{"numbers", {"13700000001", "nope"}}}), "numbers[1]");
  expect_invalid(post("/v1/groups", {{"numbers", {13700000001LL}}}), "numbers[0]");
  const std::string id = create({{"numbers", {"13700000001"}}});
  expect_invalid(post("/v1/groups/" + id + "/numbers", Json::object()), "numbers");
  expect_invalid(post("/v1/groups/" + id + "/numbers", {{"numbers", {"x"}}}), "numbers[0]");
  expect_invalid(del("/v1/groups/" + id + "/numbers/abc"), "number");
  expect_invalid(get("/v1/groups/" + id + "?verbose=1"), "verbose");

  const auto unknown = get("/v1/groups/grp_none");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.body["error"]["field"], "id");
  EXPECT_EQ(post("/v1/groups/grp_none/numbers", {{"numbers", {"13700000001"}}}).status, 404u);
  const auto not_member = del("/v1/groups/" + id + "/numbers/13700000009");
  EXPECT_EQ(not_member.status, 404u);
  EXPECT_EQ(not_member.body["error"]["field"], "number");
  EXPECT_EQ(call("POST", "/v1/groups", Json::object(), false).status, 401u);

  // An AXG binding needs an existing group; the other modes take none.
  Json axg = {{"mode", "AXG"}, {"a", "13800000001"}, {"expiration", in(600s)}};
  expect_invalid(post("/v1/bindings", axg), "group_id");
  axg["group_id"] = "grp_none";
  expect_invalid(post("/v1/bindings", axg), "group_id");
  Json axn = {{"mode", "AXN"}, {"a", "13800000001"}, {"expiration", in(600s)}, {"group_id", id}};
  expect_invalid(post("/v1/bindings", axn), "group_id");
}

TEST_F(GroupsApiTest, AxgRoutesMembersAndInterceptsOthers) {
  const std::string id = create({{"numbers", {"13700000001"}}});
  const auto bound = post("/v1/bindings", {{"mode", "AXG"}, {"a", "13800000001"}, {"b", "13900000001"},
                                           {"group_id", id}, {"expiration", in(600s)}});
  ASSERT_EQ(bound.status, 201u) << bound.body.dump();
  EXPECT_EQ(bound.body["mode"], "AXG");
  EXPECT_EQ(bound.body["group_id"], id);
  const std::string binding = bound.body["id"];

  const auto member = route("u1", "13700000001");
  ASSERT_EQ(member.status, 200u);
  EXPECT_EQ(member.body["dial"]["number"], "+8613800000001");
  EXPECT_EQ(member.body["variables"]["origination_caller_id_number"], "+8617100000001");
  EXPECT_EQ(route("u2", "13800000001").body["dial"]["number"], "+8613900000001");  // A → default B

  EXPECT_EQ(route("u3", "13700000002").body, kRefusal);
  const auto intercepted = get("/v1/records/u3");
  ASSERT_EQ(intercepted.status, 200u) << intercepted.body.dump();
  EXPECT_EQ(intercepted.body["direction"], "intercepted");
  EXPECT_EQ(intercepted.body["binding_id"], binding);
  EXPECT_EQ(intercepted.body["caller"], "+8613700000002");
  EXPECT_TRUE(intercepted.body["callee"].is_null());
  EXPECT_EQ(get("/v1/records/u1").body["direction"], "peer_to_a");

  // Membership is read per call.
  ASSERT_EQ(post("/v1/groups/" + id + "/numbers", {{"numbers", {"13700000002"}}}).status, 200u);
  EXPECT_EQ(route("u4", "13700000002").body["dial"]["number"], "+8613800000001");
  ASSERT_EQ(del("/v1/groups/" + id + "/numbers/13700000001").status, 200u);
  EXPECT_EQ(route("u5", "13700000001").body, kRefusal);
}

}  // namespace
}  // namespace ctib::numbers::api::testing
