#include "engine/app/engine_metrics.hpp"

#include <array>

#include "engine/routing/decision.hpp"

namespace ctib::app {

namespace {

using metrics::Sample;

// Names in call::RouteFailureKind order: the `reason` label values.
constexpr std::array<std::string_view, 5> kRouteFailureNames{"other", "connect", "timeout", "http_status",
                                                             "bad_answer"};

// Routing answers take milliseconds from a healthy interface and up to the
// response timeout (seconds) from a sick one.
std::vector<double> routing_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
}

}  // namespace

EngineMetrics::EngineMetrics(metrics::Registry& registry, call::CallObserver& next,
                             const std::vector<std::string>& profiles, std::function<std::size_t()> spooled,
                             std::chrono::system_clock::time_point started)
    : next_(next),
      calls_(registry.counter("ctib_engine_calls_total",
                              "Calls ended, by result (answered, failed, cancelled) and hangup cause.",
                              {"result", "hangup_cause"})),
      calls_up_(registry.gauge("ctib_engine_calls_up", "Answered calls now up.").get()),
      calls_active_(
          registry
              .gauge("ctib_engine_calls_active", "Calls admitted and not yet ended (sampled every second).")
              .get()),
      invites_(registry.counter("ctib_engine_invites_total",
                                "INVITEs received (re-INVITEs not counted), by profile.", {"profile"})),
      routing_duration_(
          registry
              .histogram("ctib_engine_routing_request_duration_seconds",
                         "Routing requests to the interface, from sending to the answer (or failure).", {},
                         routing_buckets())
              .get()),
      notifications_(registry.counter(
          "ctib_engine_notifications_total",
          "Notification delivery attempts, by action and result (delivered, failed).", {"action", "result"})),
      retries_(registry
                   .counter("ctib_engine_notification_retries_total",
                            "Hangup notification attempts after the first.")
                   .get()),
      pending_(registry
                   .gauge("ctib_engine_notifications_pending",
                          "Hangup notifications not yet delivered (sampled every second).")
                   .get()),
      shedding_(registry
                    .gauge("ctib_engine_load_guard_shedding",
                           "1 while the load guard refuses part of the new calls (min-idle-cpu), else 0.")
                    .get()),
      pike_refused_(registry
                        .counter("ctib_engine_pike_refused_total",
                                 "SIP requests (any method) refused because their source was over its rate.")
                        .get()),
      tcp_closed_(registry
                      .counter("ctib_engine_tcp_connections_closed_total",
                               "TCP connections closed by the socket guard (limits, banned sources).")
                      .get()),
      auth_failures_(registry
                         .counter("ctib_engine_auth_failures_total",
                                  "Digest answers with a wrong password (REGISTER and INVITE), untrusted sources.")
                         .get()),
      auth_bans_(registry
                     .counter("ctib_engine_auth_bans_total",
                              "Temporary bans begun for password guessing (per source and per user).")
                     .get()),
      auth_refused_(registry
                        .counter("ctib_engine_auth_refused_total",
                                 "REGISTERs and INVITEs answered 403 without a challenge because of a ban.")
                        .get()),
      auth_banned_(registry
                       .gauge("ctib_engine_auth_banned", "Sources and users banned for password guessing now.")
                       .get()) {
  registry.gauge("ctib_engine_build_info", "The running version (value 1).", {"version"})
      .with({CTIB_VERSION})
      .set(1);
  registry.gauge("ctib_engine_process_start_time_seconds", "Start time of the process, Unix epoch seconds.")
      .get()
      .set(static_cast<double>(
          std::chrono::duration_cast<std::chrono::seconds>(started.time_since_epoch()).count()));
  for (const std::string& p : profiles) (void)invites_for(p);
  auto& refused = registry.counter("ctib_engine_refused_total",
                                   "INVITEs refused before a call was created, by reason.", {"reason"});
  for (std::string_view name : b2bua::kRefusalNames) refused_.push_back(&refused.with({std::string(name)}));
  auto& failures = registry.counter("ctib_engine_routing_failures_total",
                                    "Routing requests that gave no decision, by reason.", {"reason"});
  for (std::string_view name : kRouteFailureNames)
    routing_failures_.push_back(&failures.with({std::string(name)}));
  for (std::string_view action : kActions) {
    (void)delivery(action, true);
    (void)delivery(action, false);
  }
  registry.gauge_callback("ctib_engine_notifications_spooled", "Hangup notifications in spool files on disk.",
                          {}, [spooled = std::move(spooled)] {
                            return std::vector<Sample>{{{}, static_cast<double>(spooled())}};
                          });
  registry.gauge_callback("ctib_engine_gateway_up",
                          "1 when the gateway is UP, else 0 (sampled every second).", {"gateway"},
                          [published = published_] {
                            const std::lock_guard lock(published->mutex);
                            std::vector<Sample> out;
                            for (const auto& g : published->gateways)
                              out.push_back({{g.name}, g.up ? 1.0 : 0.0});
                            return out;
                          });
  registry.gauge_callback("ctib_engine_gateway_state",
                          "1 for the gateway's registration state (REGED, NOREG, FAIL_WAIT, ...).",
                          {"gateway", "state"}, [published = published_] {
                            const std::lock_guard lock(published->mutex);
                            std::vector<Sample> out;
                            for (const auto& g : published->gateways) out.push_back({{g.name, g.state}, 1});
                            return out;
                          });
  registry.gauge_callback("ctib_engine_registrations", "Live registrations (bindings) by profile.",
                          {"profile"}, [published = published_] {
                            const std::lock_guard lock(published->mutex);
                            std::vector<Sample> out;
                            for (const auto& [profile, n] : published->registrations) {
                              out.push_back({{profile}, static_cast<double>(n)});
                            }
                            return out;
                          });
}

std::string_view EngineMetrics::result_of(const call::CallRecord& record) noexcept {
  if (record.answer) return "answered";
  if (record.hangup_by == call::HangupBy::Caller) return "cancelled";
  return "failed";
}

void EngineMetrics::on_routing(const call::CallRecord& call) {
  next_.on_routing(call);
}

void EngineMetrics::on_progress(const call::CallRecord& call, call::Progress p) {
  if (p == call::Progress::Answer) calls_up_.inc();
  next_.on_progress(call, p);
}

void EngineMetrics::on_hangup(const call::CallRecord& record) {
  if (record.answer) calls_up_.dec();
  const std::pair key{result_of(record), causes::name(record.cause)};
  auto found = calls_by_.find(key);
  if (found == calls_by_.end()) {
    found = calls_by_.emplace(key, &calls_.with({std::string(key.first), std::string(key.second)})).first;
  }
  found->second->inc();
  next_.on_hangup(record);
}

metrics::Counter& EngineMetrics::invites_for(std::string_view profile) {
  auto found = invites_by_.find(profile);
  if (found == invites_by_.end()) {
    found = invites_by_.emplace(std::string(profile), &invites_.with({std::string(profile)})).first;
  }
  return *found->second;
}

void EngineMetrics::on_invite(std::string_view profile) {
  invites_for(profile).inc();
}

void EngineMetrics::on_refused(b2bua::Refusal why) {
  refused_.at(static_cast<std::size_t>(why))->inc();
}

void EngineMetrics::routed(std::chrono::nanoseconds took, const call::RouteResult& result) {
  routing_duration_.observe(std::chrono::duration<double>(took).count());
  if (!result) routing_failures_.at(static_cast<std::size_t>(result.error().kind))->inc();
}

metrics::Counter& EngineMetrics::delivery(std::string_view action, bool ok) {
  for (std::size_t i = 0; i < kActions.size(); ++i) {
    if (kActions[i] != action) continue;
    metrics::Counter*& child = deliveries_[i][ok ? 0 : 1];
    if (child == nullptr) child = &notifications_.with({std::string(action), ok ? "delivered" : "failed"});
    return *child;
  }
  // Not an action of the protocol: a programming error, still counted.
  return notifications_.with({std::string(action), ok ? "delivered" : "failed"});
}

void EngineMetrics::delivered(std::string_view action, int attempt, bool ok) {
  delivery(action, ok).inc();
  if (attempt > 1) retries_.inc();
}

void EngineMetrics::publish(LoopSample sample) {
  calls_active_.set(static_cast<double>(sample.calls_active));
  pending_.set(static_cast<double>(sample.notifications_pending));
  shedding_.set(sample.shedding ? 1 : 0);
  // The components' own totals only grow: add what is new since the last copy.
  if (sample.pike_refused > pike_refused_.value())
    pike_refused_.inc(sample.pike_refused - pike_refused_.value());
  if (sample.tcp_closed > tcp_closed_.value()) tcp_closed_.inc(sample.tcp_closed - tcp_closed_.value());
  for (auto [counter, total] : {std::pair{&auth_failures_, sample.auth_failures}, std::pair{&auth_bans_, sample.auth_bans},
                                std::pair{&auth_refused_, sample.auth_refused}}) {
    if (total > counter->value()) counter->inc(total - counter->value());
  }
  auth_banned_.set(static_cast<double>(sample.auth_banned_now));
  const std::lock_guard lock(published_->mutex);
  published_->gateways = std::move(sample.gateways);
  published_->registrations = std::move(sample.registrations);
}

std::unique_ptr<call::Cancellable> MeteredRouter::route(const call::RouteQuery& query,
                                                        std::function<void(call::RouteResult)> done) {
  return inner_.route(query, [this, start = now_(), done = std::move(done)](call::RouteResult result) {
    metrics_.routed(now_() - start, result);
    done(std::move(result));
  });
}

}  // namespace ctib::app
