#include "engine/app/engine_metrics.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "engine/routing/decision.hpp"

namespace ctib::app {
namespace {

using namespace std::chrono_literals;

// Remembers what reached the next observer, to prove every report is passed on.
struct NextObserver final : call::CallObserver {
  int routing = 0;
  int progress = 0;
  std::vector<std::string> hangups;
  void on_routing(const call::CallRecord&) override { ++routing; }
  void on_progress(const call::CallRecord&, call::Progress) override { ++progress; }
  void on_hangup(const call::CallRecord& r) override { hangups.push_back(r.uuid); }
};

// The samples of a rendering, by "name{labels}"; fails the test on a line
// that is not a comment or a well-formed sample (text format 0.0.4).
std::map<std::string, double> samples(const std::string& text) {
  static const std::regex kSample(R"re(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (-?[0-9.e+]+|\+Inf|NaN)$)re");
  static const std::regex kComment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
  std::map<std::string, double> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, kComment)) continue;
    if (!std::regex_match(line, m, kSample)) {
      ADD_FAILURE() << "not a sample line: " << line;
      continue;
    }
    out[m[1].str()] = std::stod(m[3].str());
  }
  return out;
}

std::optional<double> value(const metrics::Registry& registry, const std::string& key) {
  auto all = samples(registry.render());
  auto found = all.find(key);
  if (found == all.end()) return std::nullopt;
  return found->second;
}

call::CallRecord record(std::string uuid, causes::HangupCause cause, bool answered, call::HangupBy by) {
  call::CallRecord r;
  r.uuid = std::move(uuid);
  r.cause = cause;
  if (answered) r.answer = std::chrono::system_clock::now();
  r.hangup_by = by;
  return r;
}

struct EngineMetricsTest : ::testing::Test {
  metrics::Registry registry;
  NextObserver next;
  std::size_t spooled = 0;
  EngineMetrics metrics{registry,
                        next,
                        {"internal", "external"},
                        [this] { return spooled; },
                        std::chrono::system_clock::time_point(1700000000s)};
};

TEST_F(EngineMetricsTest, KnownChildrenStartAtZero) {
  EXPECT_EQ(value(registry, R"(ctib_engine_invites_total{profile="internal"})"), 0);
  EXPECT_EQ(value(registry, R"(ctib_engine_refused_total{reason="max_calls"})"), 0);
  EXPECT_EQ(value(registry, R"(ctib_engine_routing_failures_total{reason="timeout"})"), 0);
  EXPECT_EQ(value(registry, R"(ctib_engine_notifications_total{action="hangup",result="failed"})"), 0);
  EXPECT_EQ(value(registry, "ctib_engine_process_start_time_seconds"), 1700000000);
  EXPECT_EQ(value(registry, "ctib_engine_build_info{version=\"" CTIB_TEST_VERSION "\"}"), 1);
}

TEST_F(EngineMetricsTest, CallsAreCountedByResultAndCauseAndPassedOn) {
  const auto answered = record("a", causes::HangupCause::NORMAL_CLEARING, true, call::HangupBy::Callee);
  metrics.on_routing(answered);
  metrics.on_progress(answered, call::Progress::Ring);
  metrics.on_progress(answered, call::Progress::Answer);
  EXPECT_EQ(value(registry, "ctib_engine_calls_up"), 1);
  metrics.on_hangup(answered);
  metrics.on_hangup(record("b", causes::HangupCause::USER_BUSY, false, call::HangupBy::System));
  metrics.on_hangup(record("c", causes::HangupCause::USER_BUSY, false, call::HangupBy::Callee));
  metrics.on_hangup(record("d", causes::HangupCause::ORIGINATOR_CANCEL, false, call::HangupBy::Caller));

  EXPECT_EQ(value(registry, "ctib_engine_calls_up"), 0);
  EXPECT_EQ(value(registry, R"(ctib_engine_calls_total{result="answered",hangup_cause="NORMAL_CLEARING"})"),
            1);
  EXPECT_EQ(value(registry, R"(ctib_engine_calls_total{result="failed",hangup_cause="USER_BUSY"})"), 2);
  EXPECT_EQ(
      value(registry, R"(ctib_engine_calls_total{result="cancelled",hangup_cause="ORIGINATOR_CANCEL"})"), 1);
  EXPECT_EQ(next.routing, 1);
  EXPECT_EQ(next.progress, 2);
  EXPECT_EQ(next.hangups, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST_F(EngineMetricsTest, InvitesAndRefusals) {
  metrics.on_invite("internal");
  metrics.on_invite("internal");
  metrics.on_invite("lab");  // added by a reload: created on first use
  metrics.on_refused(b2bua::Refusal::load);
  metrics.on_refused(b2bua::Refusal::pike);
  metrics.on_refused(b2bua::Refusal::pike);
  EXPECT_EQ(value(registry, R"(ctib_engine_invites_total{profile="internal"})"), 2);
  EXPECT_EQ(value(registry, R"(ctib_engine_invites_total{profile="external"})"), 0);
  EXPECT_EQ(value(registry, R"(ctib_engine_invites_total{profile="lab"})"), 1);
  EXPECT_EQ(value(registry, R"(ctib_engine_refused_total{reason="load"})"), 1);
  EXPECT_EQ(value(registry, R"(ctib_engine_refused_total{reason="pike"})"), 2);
  EXPECT_EQ(value(registry, R"(ctib_engine_refused_total{reason="no_route"})"), 0);
}

// A router that answers later, when the test says so.
struct ManualRouter final : call::Router {
  std::function<void(call::RouteResult)> done;
  std::unique_ptr<call::Cancellable> route(const call::RouteQuery&,
                                           std::function<void(call::RouteResult)> d) override {
    done = std::move(d);
    return nullptr;
  }
};

TEST_F(EngineMetricsTest, RoutingRequestsAreTimedAndFailuresCountedByKind) {
  ManualRouter inner;
  auto now = std::chrono::steady_clock::time_point{};
  MeteredRouter router(inner, metrics, [&now] { return now; });
  int answered = 0;
  (void)router.route({}, [&](call::RouteResult) { ++answered; });
  now += 30ms;
  inner.done(base::unexpected(call::RouteFailure{"HTTP 500", call::RouteFailureKind::http_status}));
  (void)router.route({}, [&](call::RouteResult) { ++answered; });
  now += 2s;
  inner.done(base::unexpected(call::RouteFailure{"late", call::RouteFailureKind::timeout}));
  EXPECT_EQ(answered, 2);
  EXPECT_EQ(value(registry, R"(ctib_engine_routing_failures_total{reason="http_status"})"), 1);
  EXPECT_EQ(value(registry, R"(ctib_engine_routing_failures_total{reason="timeout"})"), 1);
  EXPECT_EQ(value(registry, R"(ctib_engine_routing_request_duration_seconds_bucket{le="0.025"})"), 0);
  EXPECT_EQ(value(registry, R"(ctib_engine_routing_request_duration_seconds_bucket{le="0.05"})"), 1);
  EXPECT_EQ(value(registry, R"(ctib_engine_routing_request_duration_seconds_bucket{le="2.5"})"), 2);
  EXPECT_EQ(value(registry, "ctib_engine_routing_request_duration_seconds_count"), 2);
  EXPECT_NEAR(*value(registry, "ctib_engine_routing_request_duration_seconds_sum"), 2.03, 1e-9);
}

TEST_F(EngineMetricsTest, DeliveriesAndRetries) {
  metrics.delivered("answer", 1, true);
  metrics.delivered("hangup", 1, false);
  metrics.delivered("hangup", 2, false);
  metrics.delivered("hangup", 3, true);
  EXPECT_EQ(value(registry, R"(ctib_engine_notifications_total{action="answer",result="delivered"})"), 1);
  EXPECT_EQ(value(registry, R"(ctib_engine_notifications_total{action="hangup",result="failed"})"), 2);
  EXPECT_EQ(value(registry, R"(ctib_engine_notifications_total{action="hangup",result="delivered"})"), 1);
  EXPECT_EQ(value(registry, "ctib_engine_notification_retries_total"), 2);
}

TEST_F(EngineMetricsTest, PublishedLoopValuesAndScrapeTimeSpool) {
  spooled = 3;
  LoopSample s;
  s.calls_active = 4;
  s.notifications_pending = 5;
  s.shedding = true;
  s.pike_refused = 7;
  s.tcp_closed = 2;
  s.gateways = {{"carrier", "REGED", true}, {"backup", "FAIL_WAIT", false}};
  s.registrations = {{"internal", 6}};
  metrics.publish(s);
  EXPECT_EQ(value(registry, "ctib_engine_notifications_spooled"), 3);
  EXPECT_EQ(value(registry, "ctib_engine_calls_active"), 4);
  EXPECT_EQ(value(registry, "ctib_engine_notifications_pending"), 5);
  EXPECT_EQ(value(registry, "ctib_engine_load_guard_shedding"), 1);
  EXPECT_EQ(value(registry, "ctib_engine_pike_refused_total"), 7);
  EXPECT_EQ(value(registry, "ctib_engine_tcp_connections_closed_total"), 2);
  EXPECT_EQ(value(registry, R"(ctib_engine_gateway_up{gateway="carrier"})"), 1);
  EXPECT_EQ(value(registry, R"(ctib_engine_gateway_up{gateway="backup"})"), 0);
  EXPECT_EQ(value(registry, R"(ctib_engine_gateway_state{gateway="backup",state="FAIL_WAIT"})"), 1);
  EXPECT_EQ(value(registry, R"(ctib_engine_registrations{profile="internal"})"), 6);

  // The components' totals grow; a removed gateway disappears.
  s.pike_refused = 9;
  s.gateways = {{"carrier", "REGED", true}};
  s.shedding = false;
  metrics.publish(s);
  EXPECT_EQ(value(registry, "ctib_engine_pike_refused_total"), 9);
  EXPECT_EQ(value(registry, "ctib_engine_load_guard_shedding"), 0);
  EXPECT_EQ(value(registry, R"(ctib_engine_gateway_up{gateway="backup"})"), std::nullopt);
}

}  // namespace
}  // namespace ctib::app
