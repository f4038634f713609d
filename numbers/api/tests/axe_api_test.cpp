// AXE (extension numbers, decision 0026) through the real API over HTTP:
// bind, query and unbind with given and random extensions, the extension
// list of an X, every refusal, tenant isolation; and the two-request
// routing flow the engine's digit collection drives over /v1/cti: first
// request → play_and_get_digits, right digits → dial A showing X, wrong or
// no digits → asked again until the retries are spent, then refused.
#include <set>

#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

const Json kRefusal = {{"dial", {{"type", "hangup"}, {"cause", "UNALLOCATED_NUMBER"}}}};
constexpr const char* kX = "+8617100000001";

class AxeApiTest : public NumbersApiTest {
 protected:
  void SetUp() override {
    NumbersApiTest::SetUp();
    // Read by the handlers through the context; set before any request.
    config_.axe.prompt = "/var/lib/ctib/prompts/enter-extension.wav";
    config_.axe.retry_prompt = "/var/lib/ctib/prompts/no-such-extension.wav";
    config_.axe.invalid_prompt = "tone_stream://%(100,100,480)";
    config_.axe.retries = 2;
    import(kX, "010");
  }
  Reply bind_axe(Json extra = Json::object()) {
    Json body = {{"mode", "AXE"}, {"a", "13800000001"}, {"x", kX}, {"expiration", in(3600s)}};
    body.update(extra);
    return post("/v1/bindings", body);
  }
  // The engine's first routing request for a call to X.
  Reply first(const std::string& uuid, const std::string& caller = "13700000001") {
    return cti("action=request&uuid=" + uuid + "&caller_id_number=" + caller +
               "&destination_number=17100000001");
  }
  // Its second one, with every parameter of the first plus the digits under
  // the answer's var_name and read_result.
  Reply digits(const std::string& uuid, const Reply& asked, const std::string& entered,
               const std::string& result = "success", const std::string& caller = "13700000001") {
    const std::string var = asked.body["dial"].value("var_name", "");
    EXPECT_FALSE(var.empty()) << asked.body.dump();
    return cti("action=request&uuid=" + uuid + "&caller_id_number=" + caller +
               "&destination_number=17100000001&" + var + "=" + entered + "&read_result=" + result);
  }
  static void expect_prompt(const Reply& r, std::size_t length, const std::string& var,
                            const std::string& file) {
    ASSERT_EQ(r.status, 200u) << r.body.dump();
    const Json& d = r.body["dial"];
    EXPECT_EQ(d["type"], "play_and_get_digits") << r.body.dump();
    EXPECT_EQ(d["min_digits"], length);
    EXPECT_EQ(d["max_digits"], length);
    EXPECT_EQ(d["var_name"], var);
    EXPECT_EQ(d["file"], file);
    EXPECT_EQ(d["invalid_file"], "tone_stream://%(100,100,480)");
    EXPECT_EQ(d["tries"], 3);
    EXPECT_EQ(d["timeout"], 5000);
    EXPECT_EQ(d["digit_timeout"], 3000);
    EXPECT_EQ(d["terminators"], "#");
    EXPECT_EQ(d["regexp"], "^[0-9]+$");
    EXPECT_FALSE(r.body.contains("variables"));
  }
};

TEST_F(AxeApiTest, BindGivenAndRandomExtensionsQueryListAndUnbind) {
  const auto given = bind_axe({{"extension", "0042"}, {"out_id", "emp-1"}, {"record", true}});
  ASSERT_EQ(given.status, 201u) << given.body.dump();
  EXPECT_EQ(given.body["mode"], "AXE");
  EXPECT_EQ(given.body["x"], kX);
  EXPECT_EQ(given.body["extension"], "0042");
  EXPECT_TRUE(given.body["b"].is_null());
  // A retry with the same out_id and parties is the same binding.
  const auto again = bind_axe({{"extension", "0042"}, {"out_id", "emp-1"}, {"record", true}});
  EXPECT_EQ(again.status, 200u) << again.body.dump();
  EXPECT_EQ(again.body["id"], given.body["id"]);

  // Random: the length of X's extensions, never a taken one; the same A may
  // hold several extensions on one X.
  const auto random = bind_axe();
  ASSERT_EQ(random.status, 201u) << random.body.dump();
  const std::string ext = random.body["extension"];
  EXPECT_EQ(ext.size(), 4u);
  EXPECT_EQ(ext.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_NE(ext, "0042");
  EXPECT_EQ(get("/v1/bindings/" + random.body["id"].get<std::string>()).body["extension"], ext);

  const auto listed = get("/v1/numbers/17100000001/extensions");
  ASSERT_EQ(listed.status, 200u) << listed.body.dump();
  EXPECT_EQ(listed.body["total"], 2);
  ASSERT_EQ(listed.body["items"].size(), 2u);
  std::set<std::string> seen;
  for (const Json& b : listed.body["items"]) seen.insert(b["extension"].get<std::string>());
  EXPECT_EQ(seen, (std::set<std::string>{"0042", ext}));
  EXPECT_LT(listed.body["items"][0]["extension"].get<std::string>(),
            listed.body["items"][1]["extension"].get<std::string>());  // by extension

  // Unbound: out of the list, and its extension is free again at once.
  ASSERT_EQ(del("/v1/bindings/" + given.body["id"].get<std::string>()).status, 200u);
  EXPECT_EQ(get("/v1/numbers/17100000001/extensions").body["total"], 1);
  const auto reused = bind_axe({{"a", "13800000002"}, {"extension", "0042"}});
  EXPECT_EQ(reused.status, 201u) << reused.body.dump();

  // X from the pool: an AXE X is one that is free or already serves AXE.
  const auto picked =
      post("/v1/bindings", {{"mode", "AXE"}, {"a", "13800000003"}, {"expiration", in(3600s)}});
  ASSERT_EQ(picked.status, 201u) << picked.body.dump();
  EXPECT_EQ(picked.body["x"], kX);
  EXPECT_EQ(picked.body["extension"].get<std::string>().size(), 4u);
}

TEST_F(AxeApiTest, RefusalsAreClear) {
  expect_invalid(bind_axe({{"extension", "12a4"}}), "extension");
  expect_invalid(bind_axe({{"extension", ""}}), "extension");
  expect_invalid(bind_axe({{"extension", "123456789"}}), "extension");
  expect_invalid(bind_axe({{"extension", 1234}}), "extension");
  expect_invalid(bind_axe({{"b", "13900000001"}}), "b");
  expect_invalid(bind_axe({{"call_restrict", "b_to_x_barred"}}), "call_restrict");
  expect_invalid(post("/v1/bindings", {{"mode", "AXB"},
                                       {"a", "13800000001"},
                                       {"b", "13900000001"},
                                       {"extension", "1234"},
                                       {"expiration", in(3600s)}}),
                 "extension");
  ASSERT_EQ(bind_axe({{"extension", "1234"}}).status, 201u);
  // Taken, or of another length than X's extensions: 409 naming the field.
  const auto taken = bind_axe({{"a", "13800000009"}, {"extension", "1234"}});
  EXPECT_EQ(taken.status, 409u) << taken.body.dump();
  EXPECT_EQ(taken.body["error"]["field"], "extension");
  const auto longer = bind_axe({{"a", "13800000009"}, {"extension", "12345"}});
  EXPECT_EQ(longer.status, 409u) << longer.body.dump();
  EXPECT_EQ(longer.body["error"]["field"], "extension");
  // The fixture's pair limit (3) holds for AXE as for AXB.
  ASSERT_EQ(bind_axe({{"a", "13800000002"}}).status, 201u);
  ASSERT_EQ(bind_axe({{"a", "13800000003"}}).status, 201u);
  EXPECT_EQ(bind_axe({{"a", "13800000004"}}).status, 409u);

  // An AXE X serves AXE only, and an X with other pairs takes no AXE.
  const auto axb = post(
      "/v1/bindings",
      {{"mode", "AXB"}, {"a", "13800000005"}, {"b", "13900000005"}, {"x", kX}, {"expiration", in(3600s)}});
  EXPECT_EQ(axb.status, 409u) << axb.body.dump();
  import("+8617100000002", "021");
  bind("13800000006", "13900000006", {{"x", "+8617100000002"}});
  const auto onto_axb = bind_axe({{"x", "+8617100000002"}});
  EXPECT_EQ(onto_axb.status, 409u) << onto_axb.body.dump();
  EXPECT_EQ(onto_axb.body["error"]["field"], "x");

  // The extension list: unknown or malformed numbers, unknown fields, no key.
  EXPECT_EQ(get("/v1/numbers/17100000009/extensions").status, 404u);
  expect_invalid(get("/v1/numbers/abc/extensions"), "number");
  expect_invalid(get("/v1/numbers/17100000001/extensions?state=all"), "state");
  EXPECT_EQ(call("GET", "/v1/numbers/17100000001/extensions", nullptr, false).status, 401u);
  EXPECT_EQ(get("/v1/numbers/17100000002/extensions").body["total"], 0);  // an X without extensions
}

TEST_F(AxeApiTest, TenantsSeeOnlyTheirOwnExtensions) {
  const auto imported =
      call_as(kAcmeKey, "POST", "/v1/numbers",
              {{"numbers", {{{"number", "+8617200000001"}, {"gateway", "gw-acme"}, {"area_code", "010"}}}}});
  ASSERT_EQ(imported.status, 201u) << imported.body.dump();
  const auto bound = call_as(kAcmeKey, "POST", "/v1/bindings",
                             {{"mode", "AXE"},
                              {"a", "13800000001"},
                              {"x", "17200000001"},
                              {"extension", "77"},
                              {"expiration", in(3600s)}});
  ASSERT_EQ(bound.status, 201u) << bound.body.dump();
  EXPECT_EQ(call_as(kAcmeKey, "GET", "/v1/numbers/17200000001/extensions").body["total"], 1);
  // Another tenant: exactly as a number not in the pool, on every route.
  const auto other = call_as(kGlobexKey, "GET", "/v1/numbers/17200000001/extensions");
  EXPECT_EQ(other.status, 404u) << other.body.dump();
  EXPECT_EQ(get("/v1/numbers/17200000001/extensions").status, 404u);
  EXPECT_EQ(call_as(kGlobexKey, "GET", "/v1/bindings/" + bound.body["id"].get<std::string>()).status, 404u);
  const auto bind_there =
      call_as(kGlobexKey, "POST", "/v1/bindings",
              {{"mode", "AXE"}, {"a", "13800000002"}, {"x", "17200000001"}, {"expiration", in(3600s)}});
  EXPECT_EQ(bind_there.status, 400u) << bind_there.body.dump();
  EXPECT_EQ(bind_there.body["error"]["field"], "x");
  EXPECT_EQ(call_as(kOperatorKey, "GET", "/v1/numbers/17200000001/extensions").body["total"], 1);
}

TEST_F(AxeApiTest, RightExtensionDialsAShowingXAndRecordsIt) {
  const auto bound = bind_axe({{"extension", "2046"}, {"record", true}, {"max_duration", 120}});
  ASSERT_EQ(bound.status, 201u) << bound.body.dump();
  ASSERT_EQ(bind_axe({{"a", "13800000002"}, {"extension", "3001"}}).status, 201u);

  const auto asked = first("call-1");
  expect_prompt(asked, 4, "ctib_extension_1", "/var/lib/ctib/prompts/enter-extension.wav");
  const auto dialled = digits("call-1", asked, "2046");
  ASSERT_EQ(dialled.status, 200u) << dialled.body.dump();
  EXPECT_EQ(dialled.body["dial"]["type"], "gateway");
  EXPECT_EQ(dialled.body["dial"]["gateway"], "gw-010");
  EXPECT_EQ(dialled.body["dial"]["number"], "+8613800000001");
  EXPECT_EQ(dialled.body["variables"]["origination_caller_id_number"], kX);
  EXPECT_EQ(dialled.body["variables"]["origination_caller_id_name"], kX);
  EXPECT_EQ(dialled.body["variables"]["ctib_record"], "true");
  EXPECT_EQ(dialled.body["variables"]["ctib_max_duration"], "120");
  EXPECT_EQ(dialled.body["variables"]["ctib_binding_id"], bound.body["id"]);

  // The other extension reaches the other A; A itself calling X is asked too.
  const auto asked_by_a = first("call-2", "13800000001");
  expect_prompt(asked_by_a, 4, "ctib_extension_1", "/var/lib/ctib/prompts/enter-extension.wav");
  EXPECT_EQ(digits("call-2", asked_by_a, "3001", "success", "13800000001").body["dial"]["number"],
            "+8613800000002");

  // One record per call, written from the round that dialled.
  const auto record = get("/v1/records/call-1");
  ASSERT_EQ(record.status, 200u) << record.body.dump();
  EXPECT_EQ(record.body["direction"], "peer_to_a");
  EXPECT_EQ(record.body["extension"], "2046");
  EXPECT_EQ(record.body["binding_id"], bound.body["id"]);
  EXPECT_EQ(record.body["a"], "+8613800000001");
  EXPECT_EQ(record.body["callee"], "+8613800000001");
  EXPECT_EQ(record.body["caller"], "+8613700000001");
  EXPECT_EQ(record.body["x"], kX);
  EXPECT_EQ(get("/v1/records?number=13700000001").body["total"], 1);
  // The hangup completes that record; a late replay of the first round's
  // request does not turn the call back into an intercepted one.
  ASSERT_EQ(cti("action=hangup&uuid=call-1&hangup_cause=NORMAL_CLEARING&billsec=30").status, 200u);
  first("call-1");
  const auto after = get("/v1/records/call-1");
  EXPECT_EQ(after.body["direction"], "peer_to_a");
  EXPECT_EQ(after.body["extension"], "2046");
  EXPECT_EQ(after.body["release_cause"]["name"], "NORMAL_CLEARING") << after.body.dump();
}

TEST_F(AxeApiTest, WrongOrNoExtensionIsAskedAgainThenRefused) {
  ASSERT_EQ(bind_axe({{"extension", "2046"}}).status, 201u);
  const auto round1 = first("call-9");
  expect_prompt(round1, 4, "ctib_extension_1", "/var/lib/ctib/prompts/enter-extension.wav");
  const auto round2 = digits("call-9", round1, "9999");  // nobody
  expect_prompt(round2, 4, "ctib_extension_2", "/var/lib/ctib/prompts/no-such-extension.wav");
  const auto round3 = digits("call-9", round2, "", "timeout");  // nothing entered
  expect_prompt(round3, 4, "ctib_extension_3", "/var/lib/ctib/prompts/no-such-extension.wav");
  // retries = 2: the third wrong answer ends the call as an unbound X would.
  EXPECT_EQ(digits("call-9", round3, "20", "failure").body, kRefusal);
  const auto record = get("/v1/records/call-9");
  ASSERT_EQ(record.status, 200u) << record.body.dump();
  EXPECT_EQ(record.body["direction"], "intercepted");
  EXPECT_TRUE(record.body["extension"].is_null());
  EXPECT_TRUE(record.body["callee"].is_null());
  EXPECT_EQ(record.body["x"], kX);
  EXPECT_EQ(get("/v1/records?number=13700000001").body["total"], 1);

  // A right extension in a later round still reaches A.
  const auto asked = first("call-10");
  const auto again = digits("call-10", asked, "1111");
  EXPECT_EQ(digits("call-10", again, "2046").body["dial"]["number"], "+8613800000001");
  EXPECT_EQ(get("/v1/records/call-10").body["direction"], "peer_to_a");

  // retries = 0: the first wrong extension is refused at once.
  config_.axe.retries = 0;
  EXPECT_EQ(digits("call-11", first("call-11"), "0000").body, kRefusal);
  // A caller who never got a prompt for the round named is refused too, and
  // read_result is checked.
  expect_invalid(cti("action=request&uuid=call-12&caller_id_number=13700000001&destination_number=17100000001"
                     "&ctib_extension_1=2046&read_result=maybe"),
                 "read_result");
  // Once X serves no extension any more, the next round is refused.
  config_.axe.retries = 2;
  const auto pending = first("call-13");
  ASSERT_EQ(del("/v1/bindings/" +
                get("/v1/numbers/17100000001/extensions").body["items"][0]["id"].get<std::string>())
                .status,
            200u);
  EXPECT_EQ(digits("call-13", pending, "2046").body, kRefusal);
  EXPECT_EQ(first("call-14").body, kRefusal);
}

}  // namespace
}  // namespace ctib::numbers::api::testing
