#pragma once
// ctib-engine's Prometheus metrics (docs/metrics.md, prefix ctib_engine_).
//
// Counted as they happen, on the loop thread: calls (as the Switch's
// call::CallObserver: it counts, then passes every report on to `next`, the
// Notifier), INVITEs and refusals (b2bua::AdmissionObserver), routing
// requests (MeteredRouter) and notification deliveries (delivered()). Each
// event costs one or two relaxed atomic adds on a child looked up before: at
// construction where the labels are known, else once per label combination
// through a cache only the loop thread touches.
//
// Values owned by loop-thread components (gateways, registrations, pike, the
// load guard, calls in progress, notifications pending) reach the scrape
// through publish(), which the loop calls every second (MetricsSampler): it
// copies them into gauges and into a mutex-guarded snapshot the scrape-time
// callbacks read. The admin thread never touches a loop-owned object.
//
// Ownership: main owns the Registry and this object, declared before the
// Switch that reports to it. Threading: everything but the registry's
// render() (admin thread, thread-safe) runs on the loop thread.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/b2bua/admission_observer.hpp"
#include "engine/call/ports.hpp"
#include "libs/metrics/registry.hpp"

namespace ctib::app {

// One gateway as last seen on the loop.
struct GatewaySample {
  std::string name;
  std::string state;  // gateways::name(State): REGED, NOREG, FAIL_WAIT, ...
  bool up = false;
};

// What the loop-owned components hold, copied on the loop.
struct LoopSample {
  std::size_t calls_active = 0;           // admitted and not ended (Switch::calls)
  std::size_t notifications_pending = 0;  // hangups not yet delivered (Notifier::pending)
  bool shedding = false;                  // LoadGuard::shedding
  std::uint64_t pike_refused = 0;         // Pike::refused: SIP requests refused, all methods
  std::uint64_t tcp_closed = 0;           // SocketGuard::closed
  // registrar::AuthGuard (password guessing): wrong digest answers, bans
  // begun, requests refused by a ban, sources and users banned now.
  std::uint64_t auth_failures = 0;
  std::uint64_t auth_bans = 0;
  std::uint64_t auth_refused = 0;
  std::size_t auth_banned_now = 0;
  std::vector<GatewaySample> gateways;
  std::vector<std::pair<std::string, std::size_t>> registrations;  // live bindings by profile
};

// The notification actions of cti-bridge-protocol §5 (routing::name).
inline constexpr std::array<std::string_view, 4> kActions{"ring", "progress", "answer", "hangup"};

class EngineMetrics final : public call::CallObserver, public b2bua::AdmissionObserver {
 public:
  // `profiles`: the profiles known at start (their INVITE counters start at
  // 0). `spooled`: hangup notifications on disk, read at scrape time, so it
  // must be thread-safe (events::Spool::on_disk).
  EngineMetrics(metrics::Registry& registry, call::CallObserver& next,
                const std::vector<std::string>& profiles, std::function<std::size_t()> spooled,
                std::chrono::system_clock::time_point started);

  // call::CallObserver: counted, then passed on to `next`.
  void on_routing(const call::CallRecord& call) override;
  void on_progress(const call::CallRecord& call, call::Progress p) override;
  void on_hangup(const call::CallRecord& record) override;

  // b2bua::AdmissionObserver
  void on_invite(std::string_view profile) override;
  void on_refused(b2bua::Refusal why) override;

  // A routing request completed after `took` (cancelled ones never do).
  void routed(std::chrono::nanoseconds took, const call::RouteResult& result);
  // A notification delivery attempt (Notifier::on_delivery).
  void delivered(std::string_view action, int attempt, bool ok);
  // The loop-owned values, every second.
  void publish(LoopSample sample);

  // The result label of a finished call: answered, cancelled (the caller
  // hung up before an answer) or failed (anything else unanswered).
  [[nodiscard]] static std::string_view result_of(const call::CallRecord& record) noexcept;

 private:
  metrics::Counter& invites_for(std::string_view profile);
  metrics::Counter& delivery(std::string_view action, bool ok);

  call::CallObserver& next_;
  metrics::Family<metrics::Counter>& calls_;
  metrics::Gauge& calls_up_;
  metrics::Gauge& calls_active_;
  metrics::Family<metrics::Counter>& invites_;
  std::vector<metrics::Counter*> refused_;  // by b2bua::Refusal
  metrics::Histogram& routing_duration_;
  std::vector<metrics::Counter*> routing_failures_;  // by call::RouteFailureKind
  metrics::Family<metrics::Counter>& notifications_;
  metrics::Counter& retries_;
  metrics::Gauge& pending_;
  metrics::Gauge& shedding_;
  metrics::Counter& pike_refused_;
  metrics::Counter& tcp_closed_;
  metrics::Counter& auth_failures_;
  metrics::Counter& auth_bans_;
  metrics::Counter& auth_refused_;
  metrics::Gauge& auth_banned_;

  // Loop thread only: children already looked up.
  std::map<std::pair<std::string_view, std::string_view>, metrics::Counter*> calls_by_;  // (result, cause)
  std::map<std::string, metrics::Counter*, std::less<>> invites_by_;
  std::array<std::array<metrics::Counter*, 2>, 4> deliveries_{};  // by kActions, then delivered / failed

  // The last publish()'s per-gateway and per-profile values, for the
  // scrape-time callbacks (shared so the callbacks stay valid whatever the
  // order of destruction).
  struct Published {
    std::mutex mutex;
    std::vector<GatewaySample> gateways;                             // LOCK: mutex
    std::vector<std::pair<std::string, std::size_t>> registrations;  // LOCK: mutex
  };
  std::shared_ptr<Published> published_ = std::make_shared<Published>();
};

// The call::Router the Switch is given: times every routing request and
// counts its failures by kind, around the real router. Loop thread; must
// outlive the calls (main declares it before the Switch).
class MeteredRouter final : public call::Router {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  MeteredRouter(
      call::Router& inner, EngineMetrics& metrics, Now now = [] { return std::chrono::steady_clock::now(); })
      : inner_(inner), metrics_(metrics), now_(std::move(now)) {}

  std::unique_ptr<call::Cancellable> route(const call::RouteQuery& query,
                                           std::function<void(call::RouteResult)> done) override;

 private:
  call::Router& inner_;
  EngineMetrics& metrics_;
  Now now_;
};

}  // namespace ctib::app
