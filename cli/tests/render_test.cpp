// Canned answers (the contract's shapes) → the exact text people see.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/groups.hpp"
#include "cli/table.hpp"

namespace ctib::cli {
namespace {

std::string rendered(Render render, std::vector<std::string> bodies) {
  auto text = render(bodies);
  EXPECT_TRUE(text.has_value()) << (text ? "" : text.error());
  return text ? *text : "";
}

TEST(CliTableTest, ColumnsAlignUnderTheWidestCell) {
  Table t({"a", "long header", "c"});
  t.add_row({"wide cell", "x", "last"});
  t.add_row({"y"});
  EXPECT_EQ(t.render(),
            "a          long header  c\n"
            "============================\n"
            "wide cell  x            last\n"
            "y                       \n"
            "============================\n");
  EXPECT_EQ(t.rows(), 2U);
}

TEST(CliTableTest, Utf8TakesOneColumnPerCharacter) {
  Table t({"name", "v"});
  t.add_row({"\xe4\xb8\xad\xe5\x9b\xbd", "1"});  // two characters, six bytes
  t.add_row({"abcd", "2"});
  const std::string text = t.render();
  EXPECT_NE(text.find("\xe4\xb8\xad\xe5\x9b\xbd    1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("abcd  2\n"), std::string::npos) << text;
}

TEST(CliTableTest, CellsShowMissingAsDashAndNeutraliseControlCharacters) {
  const auto j = Json::parse(R"({"s":"a\u001b[2Jb","n":3,"b":false,"z":null,"l":["x","y"],"o":{"k":1}})");
  EXPECT_EQ(cell(j, "s"), "a?[2Jb");
  EXPECT_EQ(cell(j, "n"), "3");
  EXPECT_EQ(cell(j, "b"), "false");
  EXPECT_EQ(cell(j, "z"), "-");
  EXPECT_EQ(cell(j, "absent"), "-");
  EXPECT_EQ(cell(j, "l"), "x, y");
  EXPECT_EQ(cell(j, "o", "k"), "1");
  EXPECT_EQ(cell(j, "o", "absent"), "-");
  EXPECT_EQ(cell(j, "n", "k"), "-");
}

TEST(CliRenderTest, ShowCallsIsOneRowPerCallAndACount) {
  const std::string body = R"({"calls":[
    {"uuid":"u-1","state":"Bridged","direction":"inbound","profile":"internal","caller":"1000","callee":"13800138000",
     "caller_ip":"10.0.0.5","sip_call_id":"c1","target":"carrier1","created_at":"2024-05-01T10:00:00Z",
     "answered_at":"2024-05-01T10:00:03Z","routing_ms":12},
    {"uuid":"u-2","state":"Routing","direction":"inbound","profile":"internal","caller":"1001","callee":"13900139000",
     "caller_ip":"10.0.0.6","sip_call_id":"c2","target":null,"created_at":"2024-05-01T10:00:05Z",
     "answered_at":null,"routing_ms":null}],"count":2})";
  const std::string rule = std::string(121, '=') + "\n";
  EXPECT_EQ(rendered(&render_calls, {body}),
            "uuid  created               state    profile   caller  caller_ip  callee       target    answered  "
            "            routing_ms\n" +
                rule +
                "u-1   2024-05-01T10:00:00Z  Bridged  internal  1000    10.0.0.5   13800138000  carrier1  "
                "2024-05-01T10:00:03Z  12\n"
                "u-2   2024-05-01T10:00:05Z  Routing  internal  1001    10.0.0.6   13900139000  -         -       "
                "              -\n" +
                rule + "\n2 total.\n");
  EXPECT_EQ(rendered(&render_calls, {R"({"calls":[],"count":0})"}).substr(0, 5), "uuid ");
  EXPECT_NE(rendered(&render_calls, {R"({"calls":[],"count":0})"}).find("\n0 total.\n"), std::string::npos);
}

TEST(CliRenderTest, ShowCallsSaysHowManyALimitLeftOut) {
  const std::string one = R"({"calls":[{"uuid":"u-1"}],"count":1,"total":)";
  EXPECT_NE(rendered(&render_calls, {one + "5}"}).find("\n1 of 5 total.\n"), std::string::npos);
  EXPECT_NE(rendered(&render_calls, {one + "1}"}).find("\n1 total.\n"), std::string::npos);
}

TEST(CliRenderTest, WrongShapesAreErrorsNotEmptyTables) {
  EXPECT_FALSE(render_calls(std::vector<std::string>{"not json"}).has_value());
  EXPECT_FALSE(render_calls(std::vector<std::string>{R"({"calls":{}})"}).has_value());
  EXPECT_FALSE(render_sofia_status(std::vector<std::string>{R"({"profiles":[]})", R"({})"}).has_value());
  EXPECT_EQ(render_gateways(std::vector<std::string>{"[]"}).error(), "the answer is not a JSON object");
}

TEST(CliRenderTest, UuidDumpShowsEveryFieldThenTheTimeline) {
  const std::string body = R"({"uuid":"u-1","state":"ended","caller":"1000","hangup_cause":"NORMAL_CLEARING",
    "timeline":[{"at_ms":0,"kind":"sip_in","detail":"INVITE"},{"at_ms":12,"kind":"route_answer","detail":"bridge"}]})";
  EXPECT_EQ(rendered(&render_call, {body}),
            "uuid:          u-1\n"
            "state:         ended\n"
            "caller:        1000\n"
            "hangup_cause:  NORMAL_CLEARING\n"
            "\n"
            "at_ms  kind          detail\n"
            "===========================\n"
            "0      sip_in        INVITE\n"
            "12     route_answer  bridge\n"
            "===========================\n"
            "\n2 total.\n");
}

TEST(CliRenderTest, SofiaStatusListsProfilesThenGateways) {
  const std::string profiles = R"({"profiles":[{"name":"internal","sip_ip":"10.0.0.1","sip_port":5060,
    "ext_sip_ip":null,"route":"http://r/route?key=xxx","calls":3,"registrations":1,"state":"RUNNING"}]})";
  const std::string gateways = R"({"gateways":[{"name":"carrier1","profile":"internal","proxy":"sip:10.1.1.1:5060",
    "state":"REGED","status":"UP"},{"name":"carrier2","profile":"internal","proxy":"sip:10.1.1.2","state":"NOREG",
    "status":"DOWN"}]})";
  EXPECT_EQ(rendered(&render_sofia_status, {profiles, gateways}),
            "Name                Type     Data               State\n"
            "===========================================================\n"
            "internal            profile  sip:10.0.0.1:5060  RUNNING (3)\n"
            "internal::carrier1  gateway  sip:10.1.1.1:5060  REGED\n"
            "internal::carrier2  gateway  sip:10.1.1.2       NOREG\n"
            "===========================================================\n"
            "1 profile, 2 gateways.\n");
}

TEST(CliRenderTest, GatewaysTableAndOneGateway) {
  const std::string list = R"({"gateways":[{"name":"carrier1","profile":"internal","proxy":"sip:10.1.1.1",
    "state":"REGED","status":"UP","ping":30,"calls_in":4,"calls_out":7,"failures":0}]})";
  EXPECT_EQ(rendered(&render_gateways, {list}),
            "Profile::Gateway-Name  Data          State  Status  Ping  Calls-In  Calls-Out  Failures\n"
            "=======================================================================================\n"
            "internal::carrier1     sip:10.1.1.1  REGED  UP      30    4         7          0\n"
            "=======================================================================================\n"
            "1 total.\n");
  EXPECT_EQ(rendered(&render_gateway, {R"({"name":"carrier1","register":true,"last_ping_at":null})"}),
            "name          carrier1\n"
            "register      true\n"
            "last_ping_at  -\n");
}

TEST(CliRenderTest, Registrations) {
  const std::string body = R"({"registrations":[{"user":"1000","domain":"example.com","contact":"sip:1000@10.0.0.5:5062",
    "expires_at":"2024-05-01T11:00:00Z","expires_in":3540,"network_ip":"10.0.0.5","network_port":5062,
    "transport":"udp","user_agent":"Linphone","call_id":"x"}]})";
  EXPECT_EQ(rendered(&render_registrations, {body}),
            "User              Contact                 Expires-In  Network        Transport  Agent\n"
            "========================================================================================\n"
            "1000@example.com  sip:1000@10.0.0.5:5062  3540        10.0.0.5:5062  udp        Linphone\n"
            "========================================================================================\n"
            "1 total.\n");
}

TEST(CliRenderTest, StatusReadsLikeFreeSwitch) {
  const std::string body = R"({"version":"0.1.0","uptime_seconds":90061,"started_at":"2024-05-01T10:00:00Z",
    "calls":{"up":3,"peak":10,"total":120,"per_second_1s":1,"per_second_10s":0.5,"per_second_60s":0.2,"max":1000},
    "accepting":true,"paused":false,"draining":false,
    "load_guard":{"shedding":false,"idle_percent":82,"min_idle_cpu":10,"shed_total":0},"profiles":2,"gateways":3})";
  EXPECT_EQ(rendered(&render_status, {body}),
            "UP 0 years, 1 day, 1 hour, 1 minute, 1 second\n"
            "ctib-engine (version 0.1.0, started 2024-05-01T10:00:00Z) is ready\n"
            "120 session(s) since startup\n"
            "3 session(s) - peak 10\n"
            "1 session(s) per Sec, last 10s 0.5, last 60s 0.2\n"
            "1000 session(s) max\n"
            "load guard: shedding false, idle cpu 82/10, shed 0\n"
            "2 profile(s), 3 gateway(s)\n");
  EXPECT_NE(rendered(&render_status, {R"({"paused":true,"accepting":false})"}).find("is paused"), std::string::npos);
  EXPECT_NE(rendered(&render_status, {R"({"draining":true,"paused":true})"}).find("is draining"), std::string::npos);
}

TEST(CliRenderTest, ControlAnswers) {
  EXPECT_EQ(rendered(&render_reload, {R"({"reloaded":true,"changed":["gateway carrier1 added"],"pending":[],
                                           "needs_restart":["spool-dir"]})"}),
            "+OK [reloaded]\n"
            "changed:          gateway carrier1 added\n"
            "pending restart:  -\n"
            "needs restart:    spool-dir\n");
  EXPECT_EQ(rendered(&render_switch_state, {R"({"accepting":false,"paused":true,"draining":false,"calls":{"up":2}})"}),
            "+OK\n"
            "accepting:  false\n"
            "paused:     true\n"
            "draining:   false\n"
            "calls up:   2\n");
  EXPECT_EQ(rendered(&render_kill, {R"({"uuid":"u-1","cause":"USER_BUSY"})"}), "+OK u-1 USER_BUSY\n");
  EXPECT_EQ(rendered(&render_metrics, {"# HELP x y\nx 1\n"}), "# HELP x y\nx 1\n");
}

TEST(CliRenderTest, NumbersStatus) {
  const std::string body = R"({"version":"0.1.0","uptime_seconds":5,"started_at":"2024-05-01T10:00:00Z",
    "database":{"backend":"sqlite","ok":true},"pool":{"total":100,"free":60,"in_use":40,"by_gateway":{"carrier1":{"total":100,"free":60,"in_use":40}}},
    "bindings":{"axb":30,"axn":10,"axyb":4,"axg":2,"axe":3,"total":49},
    "record_writer":{"queued":0,"capacity":4096,"written_total":77,"failed_total":0,"last_batch_at":null}})";
  EXPECT_EQ(rendered(&render_numbers_status, {body}),
            "version:         0.1.0\n"
            "started:         2024-05-01T10:00:00Z\n"
            "uptime_seconds:  5\n"
            "database:        sqlite (ok: true)\n"
            "bindings:        49 (axb 30, axn 10, axyb 4, axg 2, axe 3)\n"
            "pool:            100 numbers, 60 free, 40 in use\n"
            "record writer:   0/4096 queued, 77 written, 0 failed, last batch -\n"
            "\n"
            "gateway   total  free  in_use\n"
            "=============================\n"
            "carrier1  100    60    40\n"
            "=============================\n"
            "1 total.\n");
}

}  // namespace
}  // namespace ctib::cli
