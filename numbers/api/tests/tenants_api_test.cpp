// Tenants (issue 12 item 4, decision 0016) through real HTTP: every route
// with another tenant's id answers exactly as for a missing id (404, same
// field and message), lists show only the caller's rows, binds take only
// the caller's numbers and groups, an operator key sees every tenant, the
// default tenant keeps working as before, and per-key limits answer 429
// with Retry-After.
#include <algorithm>

#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class TenantsApiTest : public NumbersApiTest {
 protected:
  static constexpr const char* kAcmeX = "+8617100000011";
  static constexpr const char* kGlobexX = "+8617100000012";

  void SetUp() override {
    NumbersApiTest::SetUp();
    import_as(kAcmeKey, kAcmeX);
    import_as(kGlobexKey, kGlobexX);
    const auto bound = call_as(kAcmeKey, "POST", "/v1/bindings",
                               {{"mode", "AXB"},
                                {"a", "13800000001"},
                                {"b", "13900000001"},
                                {"expiration", in(3600s)},
                                {"out_id", "order-1"}});
    ASSERT_EQ(bound.status, 201u) << bound.body.dump();
    binding_ = bound.body["id"];
    const auto group =
        call_as(kAcmeKey, "POST", "/v1/groups", {{"name", "couriers"}, {"numbers", {"13700000001"}}});
    ASSERT_EQ(group.status, 201u) << group.body.dump();
    group_ = group.body["id"];
    // A call through acme's binding: its record is acme's.
    ASSERT_EQ(
        cti("action=request&uuid=u-acme&caller_id_number=13800000001&destination_number=17100000011").status,
        200u);
  }

  void import_as(const char* key, const std::string& number) {
    const auto r =
        call_as(key, "POST", "/v1/numbers",
                {{"numbers", {{{"number", number}, {"gateway", "gw-010"}, {"area_code", "010"}}}}});
    ASSERT_EQ(r.status, 201u) << r.body.dump();
  }

  // `r` must be the answer to a missing id: 404, and the same field and
  // message as `missing` once the ids are swapped (no existence leak).
  static void expect_as_missing(const Reply& r, const Reply& missing, const std::string& id,
                                const std::string& missing_id) {
    EXPECT_EQ(r.status, 404u) << r.body.dump();
    EXPECT_EQ(r.status, missing.status);
    ASSERT_TRUE(r.body.contains("error")) << r.body.dump();
    EXPECT_EQ(r.body["error"]["field"], missing.body["error"]["field"]);
    const std::string message = r.body["error"]["message"];
    const std::string expected =
        replace_all(missing.body["error"]["message"].get<std::string>(), missing_id, id);
    EXPECT_EQ(message, expected);
  }

  std::string binding_;
  std::string group_;
};

TEST_F(TenantsApiTest, EveryRouteAnswersAnotherTenantsIdAsMissing) {
  struct Case {
    std::string method;
    std::string path;        // with {id} for the id under test
    std::string id;          // acme's
    std::string missing_id;  // one nobody has
    Json body = nullptr;
  };
  const std::vector<Case> cases = {
      {"GET", "/v1/numbers/{id}", kAcmeX, "+8617100000099"},
      {"PATCH", "/v1/numbers/{id}", kAcmeX, "+8617100000099", {{"state", "quarantined"}}},
      {"DELETE", "/v1/numbers/{id}", kAcmeX, "+8617100000099"},
      {"GET", "/v1/bindings/{id}", binding_, "bnd_00000000000000000000000"},
      {"PATCH",
       "/v1/bindings/{id}",
       binding_,
       "bnd_00000000000000000000000",
       {{"call_restrict", "a_to_x_barred"}}},
      {"DELETE", "/v1/bindings/{id}", binding_, "bnd_00000000000000000000000"},
      {"GET", "/v1/groups/{id}", group_, "grp_00000000000000000000000"},
      {"DELETE", "/v1/groups/{id}", group_, "grp_00000000000000000000000"},
      {"POST",
       "/v1/groups/{id}/numbers",
       group_,
       "grp_00000000000000000000000",
       {{"numbers", {"13700000002"}}}},
      {"DELETE", "/v1/groups/{id}/numbers/13700000001", group_, "grp_00000000000000000000000"},
      {"GET", "/v1/records/{id}", "u-acme", "u-nobody"},
      {"GET", "/v1/records/{id}/recording", "u-acme", "u-nobody"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    const auto target = [&c](const std::string& id) { return replace_all(c.path, "{id}", id); };
    const auto missing = call_as(kGlobexKey, c.method, target(c.missing_id), c.body);
    // The default tenant's key is as foreign to acme's rows as globex's.
    for (const char* key : {kGlobexKey, kKey}) {
      expect_as_missing(call_as(key, c.method, target(c.id), c.body), missing, c.id, c.missing_id);
    }
  }
  // Nothing of acme's was changed by those attempts.
  const auto number = call_as(kAcmeKey, "GET", std::string("/v1/numbers/") + kAcmeX);
  EXPECT_EQ(number.body["state"], "available");
  const auto binding = call_as(kAcmeKey, "GET", "/v1/bindings/" + binding_);
  EXPECT_EQ(binding.body["state"], "active");
  EXPECT_EQ(binding.body["call_restrict"], "none");
  EXPECT_EQ(binding.body["tenant"], "acme");
  const auto group = call_as(kAcmeKey, "GET", "/v1/groups/" + group_);
  EXPECT_EQ(group.body["numbers"], Json({"+8613700000001"}));
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-acme").body["tenant"], "acme");
}

TEST_F(TenantsApiTest, ListsShowOnlyTheCallersRows) {
  const auto numbers = call_as(kGlobexKey, "GET", "/v1/numbers");
  ASSERT_EQ(numbers.status, 200u);
  EXPECT_EQ(numbers.body["total"], 1);
  EXPECT_EQ(numbers.body["items"][0]["number"], kGlobexX);
  EXPECT_EQ(numbers.body["items"][0]["tenant"], "globex");
  EXPECT_EQ(call_as(kGlobexKey, "GET", "/v1/bindings?number=13800000001").body["total"], 0);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/bindings?number=13800000001").body["total"], 1);
  EXPECT_EQ(call_as(kGlobexKey, "GET", "/v1/groups").body["total"], 0);
  const auto groups = call_as(kAcmeKey, "GET", "/v1/groups");
  ASSERT_EQ(groups.body["total"], 1) << groups.body.dump();
  EXPECT_EQ(groups.body["items"][0]["member_count"], 1);
  EXPECT_FALSE(groups.body["items"][0].contains("numbers"));
  EXPECT_EQ(call_as(kGlobexKey, "GET", "/v1/records?binding_id=" + binding_).body["total"], 0);
  EXPECT_EQ(call_as(kGlobexKey, "GET", "/v1/records?number=17100000011").body["total"], 0);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records?binding_id=" + binding_).body["total"], 1);
  // The default tenant (keys without one) sees none of the two.
  EXPECT_EQ(get("/v1/numbers").body["total"], 0);
  EXPECT_EQ(get("/v1/records").body["total"], 0);
}

TEST_F(TenantsApiTest, BindsTakeOnlyTheCallersNumbersAndGroups) {
  // globex's only number is globex's: acme's X is never given to it.
  const auto picked =
      call_as(kGlobexKey, "POST", "/v1/bindings",
              {{"mode", "AXB"}, {"a", "13800000002"}, {"b", "13900000002"}, {"expiration", in(3600s)}});
  ASSERT_EQ(picked.status, 201u) << picked.body.dump();
  EXPECT_EQ(picked.body["x"], kGlobexX);
  EXPECT_EQ(picked.body["tenant"], "globex");
  // Asking for acme's X by name is answered as for a number not in the pool.
  const Json explicit_x = {
      {"mode", "AXB"}, {"a", "13800000003"}, {"b", "13900000003"}, {"expiration", in(3600s)}};
  Json foreign = explicit_x;
  foreign["x"] = kAcmeX;
  Json unknown = explicit_x;
  unknown["x"] = "+8617100000099";
  const auto refused = call_as(kGlobexKey, "POST", "/v1/bindings", foreign);
  const auto missing = call_as(kGlobexKey, "POST", "/v1/bindings", unknown);
  EXPECT_EQ(refused.status, missing.status);
  EXPECT_EQ(refused.body["error"]["field"], "x");
  EXPECT_EQ(refused.body["error"]["message"], std::string(kAcmeX) + " is not in the pool");
  // acme's group likewise.
  const auto axg =
      call_as(kGlobexKey, "POST", "/v1/bindings",
              {{"mode", "AXG"}, {"a", "13800000004"}, {"group_id", group_}, {"expiration", in(3600s)}});
  EXPECT_EQ(axg.status, 400u) << axg.body.dump();
  EXPECT_EQ(axg.body["error"]["message"], "no group " + group_);
  // A pool exhausted for a tenant is exhausted, whatever the others hold.
  const auto none = call_as(kGlobexKey, "POST", "/v1/bindings",
                            {{"mode", "AXN"}, {"a", "13800000005"}, {"expiration", in(3600s)}});
  EXPECT_EQ(none.status, 409u) << none.body.dump();
}

TEST_F(TenantsApiTest, OutIdsAreEachTenantsOwn) {
  import_as(kGlobexKey, "+8617100000013");
  const auto again = call_as(kGlobexKey, "POST", "/v1/bindings",
                             {{"mode", "AXB"},
                              {"a", "13800000006"},
                              {"b", "13900000006"},
                              {"expiration", in(3600s)},
                              {"out_id", "order-1"}});
  EXPECT_EQ(again.status, 201u) << again.body.dump();  // acme's order-1 is not globex's
}

TEST_F(TenantsApiTest, ANumberIsOneLineWhicheverTenantHoldsIt) {
  // Importing a number another tenant holds is refused: a number cannot be
  // in two pools (documented in decision 0016 as the one unavoidable hint).
  const auto r = call_as(kGlobexKey, "POST", "/v1/numbers",
                         {{"numbers", {{{"number", kAcmeX}, {"gateway", "gw-010"}, {"area_code", "010"}}}}});
  EXPECT_EQ(r.status, 409u) << r.body.dump();
}

TEST_F(TenantsApiTest, AnOperatorKeyImportsIntoATenantsPool) {
  const Json item = {{"number", "+8617100000021"}, {"gateway", "gw-010"}, {"area_code", "010"}};
  const auto imported =
      call_as(kOperatorKey, "POST", "/v1/numbers", {{"numbers", {item}}, {"tenant", "acme"}});
  ASSERT_EQ(imported.status, 201u) << imported.body.dump();
  EXPECT_EQ(imported.body["numbers"][0]["tenant"], "acme");
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/numbers/+8617100000021").status, 200u);
  // A tenant's key names only its own tenant; a bad name is a 400.
  Json other = item;
  other["number"] = "+8617100000022";
  const auto refused = call_as(kGlobexKey, "POST", "/v1/numbers", {{"numbers", {other}}, {"tenant", "acme"}});
  expect_invalid(refused, "tenant");
  EXPECT_EQ(call_as(kGlobexKey, "POST", "/v1/numbers", {{"numbers", {other}}, {"tenant", "globex"}}).status,
            201u);
  other["number"] = "+8617100000023";
  expect_invalid(call_as(kOperatorKey, "POST", "/v1/numbers", {{"numbers", {other}}, {"tenant", "a b"}}),
                 "tenant");
}

TEST_F(TenantsApiTest, AnOperatorKeySeesEveryTenant) {
  const auto numbers = call_as(kOperatorKey, "GET", "/v1/numbers");
  EXPECT_EQ(numbers.body["total"], 2);
  const auto binding = call_as(kOperatorKey, "GET", "/v1/bindings/" + binding_);
  ASSERT_EQ(binding.status, 200u);
  EXPECT_EQ(binding.body["tenant"], "acme");
  EXPECT_EQ(call_as(kOperatorKey, "GET", "/v1/records/u-acme").body["tenant"], "acme");
  EXPECT_EQ(call_as(kOperatorKey, "GET", "/v1/groups").body["total"], 1);
}

TEST_F(TenantsApiTest, CallsAreRecordedForTheTenantOfTheBindingOrOfX) {
  // Intercepted on acme's X (caller not a party): still acme's record.
  ASSERT_EQ(cti("action=request&uuid=u-stranger&caller_id_number=13600000001&destination_number=17100000011")
                .status,
            200u);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-stranger").body["direction"], "intercepted");
  EXPECT_EQ(call_as(kGlobexKey, "GET", "/v1/records/u-stranger").status, 404u);
  // An X in nobody's pool: the default tenant's (the operator's).
  ASSERT_EQ(
      cti("action=request&uuid=u-nowhere&caller_id_number=13600000001&destination_number=17100000077").status,
      200u);
  EXPECT_EQ(get("/v1/records/u-nowhere").body["tenant"], "default");
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/records/u-nowhere").status, 404u);
}

TEST_F(TenantsApiTest, GroupsAreDeletedOnlyWhenNoLiveBindingNamesThem) {
  import_as(kAcmeKey, "+8617100000014");
  const auto axg =
      call_as(kAcmeKey, "POST", "/v1/bindings",
              {{"mode", "AXG"}, {"a", "13800000007"}, {"group_id", group_}, {"expiration", in(3600s)}});
  ASSERT_EQ(axg.status, 201u) << axg.body.dump();
  const auto busy = call_as(kAcmeKey, "DELETE", "/v1/groups/" + group_);
  EXPECT_EQ(busy.status, 409u) << busy.body.dump();
  ASSERT_EQ(call_as(kAcmeKey, "DELETE", "/v1/bindings/" + axg.body["id"].get<std::string>()).status, 200u);
  const auto deleted = call_as(kAcmeKey, "DELETE", "/v1/groups/" + group_);
  EXPECT_EQ(deleted.status, 200u) << deleted.body.dump();
  EXPECT_EQ(deleted.body["id"], group_);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/groups/" + group_).status, 404u);
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/groups").body["total"], 0);
}

std::string header(const Reply& r, const std::string& name) {
  for (const auto& [key, value] : r.headers) {
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    if (lower == name) return value;
  }
  return "";
}

TEST_F(TenantsApiTest, AKeyOverItsLimitGets429WithRetryAfter) {
  // The slow key: a burst of 2, then one request per 1000 s.
  EXPECT_EQ(call_as(kSlowKey, "GET", "/v1/numbers").status, 200u);
  EXPECT_EQ(call_as(kSlowKey, "GET", "/v1/numbers").status, 200u);
  const auto limited = call_as(kSlowKey, "GET", "/v1/numbers");
  ASSERT_EQ(limited.status, 429u) << limited.body.dump();
  EXPECT_EQ(limited.body["error"]["field"], "X-API-Key");
  const std::string retry_after = header(limited, "retry-after");
  ASSERT_FALSE(retry_after.empty());
  EXPECT_TRUE(
      std::all_of(retry_after.begin(), retry_after.end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
  EXPECT_GE(std::stoll(retry_after), 1);
  EXPECT_LE(std::stoll(retry_after), 1000);
  // Other keys are not affected, an unknown key is a 401 (not counted
  // against anyone), and the engine's routing is never limited by API keys.
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/numbers").status, 200u);
  EXPECT_EQ(call_as("no-such-key", "GET", "/v1/numbers").status, 401u);
  EXPECT_EQ(
      cti("action=request&uuid=u-limit&caller_id_number=13800000001&destination_number=17100000011").status,
      200u);
}

}  // namespace
}  // namespace ctib::numbers::api::testing
