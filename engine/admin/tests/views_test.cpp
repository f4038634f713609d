// The admin API's JSON views (docs/admin-api.md).
#include "engine/admin/views.hpp"

#include <gtest/gtest.h>

namespace ctib::admin {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

const auto kEpoch2026 =
    std::chrono::system_clock::time_point{} + seconds(1796283532);  // 2026-12-03T07:38:52Z

TEST(AdminViews, Rfc3339IsUtcWithMilliseconds) {
  EXPECT_EQ(rfc3339(kEpoch2026 + milliseconds(7)), "2026-12-03T07:38:52.007Z");
  EXPECT_EQ(rfc3339(std::chrono::system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
}

TEST(AdminViews, RouteSecretsAreRedacted) {
  EXPECT_EQ(redact_query("http://127.0.0.1:8080/v1/cti?secret=abc&tenant=7"),
            "http://127.0.0.1:8080/v1/cti?secret=***&tenant=***");
  EXPECT_EQ(redact_query("http://h/cti"), "http://h/cti");
  EXPECT_EQ(redact_query("http://h/cti?flag"), "http://h/cti?flag");
}

TEST(AdminViews, LiveCallSummary) {
  call::CallView c;
  c.uuid = "u-1";
  c.state = "routing";
  c.profile = "internal";
  c.caller = "1001";
  c.callee = "2000";
  c.caller_ip = "192.0.2.5";
  c.sip_call_id = "abc@192.0.2.5";
  c.created_at = kEpoch2026;
  c.timeline.push_back({milliseconds(1), call::TimelineKind::sip_in, "INVITE"});
  const json j = to_json(c, false);
  EXPECT_EQ(j["uuid"], "u-1");
  EXPECT_EQ(j["state"], "routing");
  EXPECT_EQ(j["direction"], "inbound");
  EXPECT_EQ(j["caller"], "1001");
  EXPECT_EQ(j["callee"], "2000");
  EXPECT_EQ(j["caller_ip"], "192.0.2.5");
  EXPECT_EQ(j["sip_call_id"], "abc@192.0.2.5");
  EXPECT_TRUE(j["target"].is_null());
  EXPECT_TRUE(j["answered_at"].is_null());
  EXPECT_TRUE(j["routing_ms"].is_null());
  EXPECT_EQ(j["created_at"], "2026-12-03T07:38:52.000Z");
  EXPECT_FALSE(j.contains("timeline"));  // only in the detailed view
  EXPECT_FALSE(j.contains("hangup_cause"));
}

TEST(AdminViews, SummaryTextIsTheSummaryTree) {
  // GET /v1/calls writes the summaries as text: the same bytes as the tree.
  call::CallView c;
  c.uuid = "u-3";
  c.state = "answered";
  c.profile = "internal";
  c.caller = "Bob \"the\" \\ caller\t\x01";  // escapes and a control character
  c.callee = "+8613900000001";
  c.caller_ip = "192.0.2.5";
  c.sip_call_id = "abc@192.0.2.5";
  c.created_at = kEpoch2026;
  std::string out;
  append_summary_json(out, c);
  EXPECT_EQ(out, to_json(c, false).dump());
  c.target = "sofia/gateway/carrier/139";
  c.answered_at = kEpoch2026 + milliseconds(250);
  c.routing_ms = milliseconds(3);
  c.caller = "Zoë";  // not ASCII: through nlohmann's serialiser
  out.clear();
  append_summary_json(out, c);
  EXPECT_EQ(out, to_json(c, false).dump());
  EXPECT_EQ(json::parse(out)["caller"], "Zoë");
  c.caller = std::string("bad \xff utf-8");  // invalid UTF-8 is replaced, not thrown
  out.clear();
  append_summary_json(out, c);
  EXPECT_EQ(json::parse(out)["caller"], "bad \xef\xbf\xbd utf-8");
}

TEST(AdminViews, EndedCallDetail) {
  call::CallView c;
  c.uuid = "u-2";
  c.state = "ended";
  c.target = "sofia/gateway/carrier/123";
  c.created_at = kEpoch2026;
  c.answered_at = kEpoch2026 + milliseconds(1500);
  c.routing_ms = milliseconds(12);
  c.hangup_cause = causes::HangupCause::CALL_REJECTED;
  c.sip_status = 200;
  c.timeline = {{milliseconds(0), call::TimelineKind::sip_in, "INVITE x"},
                {milliseconds(12), call::TimelineKind::route_answer, "gateway carrier 123 (12 ms)"},
                {milliseconds(3000), call::TimelineKind::hangup, "CALL_REJECTED"}};
  c.timeline_dropped = 2;
  const json j = to_json(c, true);
  EXPECT_EQ(j["target"], "sofia/gateway/carrier/123");
  EXPECT_EQ(j["answered_at"], "2026-12-03T07:38:53.500Z");
  EXPECT_EQ(j["routing_ms"], 12);
  EXPECT_EQ(j["hangup_cause"], "CALL_REJECTED");
  EXPECT_EQ(j["sip_status"], 200);
  ASSERT_EQ(j["timeline"].size(), 3u);
  EXPECT_EQ(j["timeline"][1],
            (json{{"at_ms", 12}, {"kind", "route_answer"}, {"detail", "gateway carrier 123 (12 ms)"}}));
  EXPECT_EQ(j["timeline"][2]["kind"], "hangup");
  EXPECT_EQ(j["timeline_dropped"], 2);
}

TEST(AdminViews, Status) {
  StatusView s;
  s.version = "0.1.0";
  s.started_at = kEpoch2026;
  s.now = kEpoch2026 + seconds(90);
  s.calls_up = 3;
  s.calls_peak = 5;
  s.calls_total = 40;
  s.rates = {2, 0.5, 0.25};
  s.max_calls = 5000;
  s.paused = true;
  s.idle_percent = 87.5;
  s.min_idle_cpu = 2;
  s.shed_total = 4;
  s.profiles = 2;
  s.gateways = 1;
  const json j = to_json(s);
  EXPECT_EQ(j["uptime_seconds"], 90);
  EXPECT_EQ(j["started_at"], "2026-12-03T07:38:52.000Z");
  EXPECT_EQ(j["calls"], (json{{"up", 3},
                              {"peak", 5},
                              {"total", 40},
                              {"per_second_1s", 2.0},
                              {"per_second_10s", 0.5},
                              {"per_second_60s", 0.25},
                              {"max", 5000}}));
  EXPECT_EQ(j["accepting"], false);  // paused
  EXPECT_EQ(j["paused"], true);
  EXPECT_EQ(j["draining"], false);
  EXPECT_EQ(j["load_guard"],
            (json{{"shedding", false}, {"idle_percent", 87.5}, {"min_idle_cpu", 2}, {"shed_total", 4}}));
  EXPECT_EQ(j["profiles"], 2);
  EXPECT_EQ(j["gateways"], 1);
  s.paused = false;
  EXPECT_EQ(to_json(s)["accepting"], true);
}

TEST(AdminViews, Gateway) {
  gateways::GatewayView g;
  g.name = "carrier";
  g.profile = "external";
  g.proxy = "192.0.2.1:5070";
  g.state = gateways::State::REGED;
  g.status = gateways::Status::UP;
  g.register_ = true;
  g.ping = 30;
  g.ping_count = 4;
  g.last_registration_at = kEpoch2026;
  g.failures = 1;
  g.calls_in = 7;
  g.calls_out = 9;
  const json j = to_json(g);
  EXPECT_EQ(j["state"], "REGED");
  EXPECT_EQ(j["status"], "UP");
  EXPECT_EQ(j["register"], true);
  EXPECT_EQ(j["ping"], 30);
  EXPECT_EQ(j["ping_count"], 4);
  EXPECT_TRUE(j["last_ping_at"].is_null());
  EXPECT_EQ(j["last_registration_at"], "2026-12-03T07:38:52.000Z");
  EXPECT_EQ(j["failures"], 1);
  EXPECT_EQ(j["calls_in"], 7);
  EXPECT_EQ(j["calls_out"], 9);
}

TEST(AdminViews, ProfileAndRegistration) {
  ProfileView p;
  p.name = "internal";
  p.sip_ip = "127.0.0.1";
  p.sip_port = 5060;
  p.route = "http://127.0.0.1:8080/v1/cti?secret=demo";
  p.calls = 2;
  p.registrations = 1;
  const json pj = to_json(p);
  EXPECT_EQ(pj["route"], "http://127.0.0.1:8080/v1/cti?secret=***");
  EXPECT_EQ(pj["state"], "RUNNING");
  EXPECT_EQ(pj["sip_port"], 5060);

  registrar::Binding b;
  b.aor = "1000@example.com";
  b.contact = "sip:1000@10.0.0.5:5062";
  b.call_id = "reg-1";
  b.expires_at = kEpoch2026 + seconds(300);
  b.received_ip = "10.0.0.5";
  b.received_port = 5062;
  b.transport = "udp";
  b.user_agent = "softphone";
  const json bj = to_json(b, kEpoch2026 + seconds(100));
  EXPECT_EQ(bj["user"], "1000");
  EXPECT_EQ(bj["domain"], "example.com");
  EXPECT_EQ(bj["expires_in"], 200);
  EXPECT_EQ(bj["expires_at"], "2026-12-03T07:43:52.000Z");
  EXPECT_EQ(bj["network_port"], 5062);
  EXPECT_EQ(to_json(b, kEpoch2026 + seconds(400))["expires_in"], 0);
}

}  // namespace
}  // namespace ctib::admin
