#include "numbers/admin/service_metrics.hpp"

#include <exception>

#include "numbers/api/routes.hpp"
#include "numbers/model/names.hpp"

namespace ctib::numbers::admin {

namespace {

using metrics::Sample;

constexpr std::array kOutcomes{api::RouteOutcome::bound, api::RouteOutcome::unbound, api::RouteOutcome::refused,
                               api::RouteOutcome::invalid, api::RouteOutcome::error};
constexpr std::array kNotified{std::pair{model::Event::ring, "ring"}, std::pair{model::Event::progress, "progress"},
                               std::pair{model::Event::answer, "answer"}, std::pair{model::Event::hangup, "hangup"}};

// One read per scrape; a database that fails gives no samples (and
// ctib_numbers_database_up 0) rather than a failed scrape.
template <class F>
std::vector<Sample> read_or_nothing(F&& read) {
  try {
    return read();
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

ServiceMetrics::ServiceMetrics(metrics::Registry& registry, storage::Repository& repository,
                               const records::RecordWriter& writer, const model::Clock& clock,
                               model::Instant started_at, const std::vector<std::string>& api_key_ids) {
  registry.gauge("ctib_numbers_build_info", "The running version (value 1).", {"version"})
      .with({CTIB_VERSION})
      .set(1);
  registry.gauge("ctib_numbers_process_start_time_seconds", "Start time of the process, Unix epoch seconds.")
      .get()
      .set(static_cast<double>(started_at.time_since_epoch().count()));

  auto& requests = registry.histogram("ctib_numbers_http_request_duration_seconds",
                                      "API requests by route pattern and status class, handler time in seconds.",
                                      {"method", "route", "code"}, metrics::latency_buckets());
  for (const api::Route& route : api::kRoutes) {
    std::array<metrics::Histogram*, kStatusClasses> by_class{};
    for (std::size_t c = 0; c < kStatusClasses; ++c) {
      by_class[c] = &requests.with(
          {std::string(route.method), std::string(route.pattern), std::to_string(c + 1) + "xx"});
    }
    requests_.push_back(by_class);
  }
  auto& answers = registry.counter("ctib_numbers_routing_answers_total",
                                   "Routing requests (cti action=request) by how they were answered.", {"outcome"});
  for (const auto outcome : kOutcomes) {
    routes_[static_cast<std::size_t>(outcome)] = &answers.with({std::string(api::name(outcome))});
  }
  auto& notes = registry.counter("ctib_numbers_notifications_total",
                                 "Call progress notifications merged into call records, by event.", {"event"});
  for (std::size_t i = 0; i < kNotified.size(); ++i) notifications_[i] = &notes.with({kNotified[i].second});
  auto& refused = registry.counter(
      "ctib_numbers_record_conflicts_total",
      "Notifications refused because they contradicted a released call record, by event.", {"event"});
  for (std::size_t i = 0; i < kNotified.size(); ++i) conflicts_[i] = &refused.with({kNotified[i].second});
  auto& limited = registry.counter(
      "ctib_numbers_api_rate_limited_total",
      "Management requests refused with 429 by their API key's rate limit, by key id.", {"key"});
  for (const std::string& id : api_key_ids) rate_limited_.emplace_back(id, &limited.with({id}));

  registry.gauge_callback("ctib_numbers_database_up", "1 when the database answered this scrape's query, else 0.", {},
                          [&repository] {
                            try {
                              (void)repository.begin(storage::SessionKind::read)->pool_usage();
                              return std::vector<Sample>{{{}, 1}};
                            } catch (const std::exception&) {
                              return std::vector<Sample>{{{}, 0}};
                            }
                          });
  const auto pool = [&repository](auto pick) {
    return [&repository, pick] {
      return read_or_nothing([&] {
        std::vector<Sample> out;
        for (const auto& usage : repository.begin(storage::SessionKind::read)->pool_usage()) {
          out.push_back({{usage.gateway}, static_cast<double>(pick(usage))});
        }
        return out;
      });
    };
  };
  registry.gauge_callback("ctib_numbers_pool_numbers", "Middle numbers in the pool (not retired), by gateway.",
                          {"gateway"}, pool([](const storage::PoolUsage& u) { return u.total; }));
  registry.gauge_callback("ctib_numbers_pool_numbers_free",
                          "Available middle numbers without an active binding, by gateway.", {"gateway"},
                          pool([](const storage::PoolUsage& u) { return u.free; }));
  registry.gauge_callback("ctib_numbers_pool_numbers_in_use", "Middle numbers with an active binding, by gateway.",
                          {"gateway"}, pool([](const storage::PoolUsage& u) { return u.in_use; }));
  registry.gauge_callback("ctib_numbers_bindings_live", "Bindings that route now, by mode.", {"mode"},
                          [&repository, &clock] {
                            return read_or_nothing([&] {
                              const auto live =
                                  repository.begin(storage::SessionKind::read)->live_binding_counts(clock.now());
                              return std::vector<Sample>{{{"AXB"}, static_cast<double>(live.axb)},
                                                         {{"AXN"}, static_cast<double>(live.axn)},
                                                         {{"AXYB"}, static_cast<double>(live.axyb)},
                                                         {{"AXG"}, static_cast<double>(live.axg)},
                                                         {{"AXE"}, static_cast<double>(live.axe)}};
                            });
                          });
  registry.gauge_callback("ctib_numbers_record_writer_queue_length", "Call records queued for the writer.", {},
                          [&writer] { return std::vector<Sample>{{{}, static_cast<double>(writer.stats().queued)}}; });
  registry.gauge_callback("ctib_numbers_record_writer_queue_capacity",
                          "Queue length beyond which routing answers wait for the writer.", {}, [&writer] {
                            return std::vector<Sample>{{{}, static_cast<double>(writer.stats().capacity)}};
                          });
  registry.counter_callback("ctib_numbers_record_writer_written_total", "Call records of routing requests written.",
                            {}, [&writer] {
                              return std::vector<Sample>{{{}, static_cast<double>(writer.stats().written_total)}};
                            });
  registry.counter_callback("ctib_numbers_record_writer_failed_total",
                            "Call records of routing requests given up after a database error.", {}, [&writer] {
                              return std::vector<Sample>{{{}, static_cast<double>(writer.stats().failed_total)}};
                            });
}

void ServiceMetrics::on_request(std::size_t route, unsigned status, std::chrono::nanoseconds took) noexcept {
  if (route >= requests_.size()) return;
  const std::size_t status_class = status >= 100 && status < 600 ? status / 100 - 1 : kStatusClasses - 1;
  requests_[route][status_class]->observe(std::chrono::duration<double>(took).count());
}

void ServiceMetrics::on_route(api::RouteOutcome outcome) noexcept {
  routes_[static_cast<std::size_t>(outcome)]->inc();
}

void ServiceMetrics::on_rate_limited(std::string_view key_id) noexcept {
  for (auto& [id, counter] : rate_limited_) {
    if (id == key_id) counter->inc();
  }
}

void ServiceMetrics::on_record_conflict(model::Event event) noexcept {
  for (std::size_t i = 0; i < kNotified.size(); ++i) {
    if (kNotified[i].first == event) conflicts_[i]->inc();
  }
}

void ServiceMetrics::on_notification(model::Event event) noexcept {
  for (std::size_t i = 0; i < kNotified.size(); ++i) {
    if (kNotified[i].first == event) notifications_[i]->inc();
  }
}

}  // namespace ctib::numbers::admin
