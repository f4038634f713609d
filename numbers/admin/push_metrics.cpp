#include "numbers/admin/push_metrics.hpp"

#include <atomic>
#include <exception>
#include <vector>

namespace ctib::numbers::admin {

namespace {

using metrics::Sample;

std::vector<Sample> one(double value) {
  return {{{}, value}};
}

auto counter_of(const std::atomic<std::uint64_t>& c) {
  return [&c] { return one(static_cast<double>(c.load(std::memory_order_relaxed))); };
}

}  // namespace

void register_push_metrics(metrics::Registry& registry, storage::Repository& repository,
                           const push::PushCounters& counters) {
  // One read for both gauges would need shared state between callbacks;
  // the count is one indexed pass over the outbox, twice per scrape.
  const auto counts = [&repository](bool dead) {
    return [&repository, dead] {
      try {
        const auto c = repository.begin(storage::SessionKind::read)->push_counts();
        return one(static_cast<double>(dead ? c.dead : c.pending));
      } catch (const std::exception&) {
        return std::vector<Sample>{};  // ctib_numbers_database_up says why
      }
    };
  };
  registry.gauge_callback("ctib_numbers_push_queue_depth",
                          "Pushed items (events and records) waiting for delivery or in flight.", {},
                          counts(false));
  registry.gauge_callback("ctib_numbers_push_dead_items",
                          "Pushed items that spent their retry budget, kept for GET /v1/push/failed.", {},
                          counts(true));
  registry.counter_callback("ctib_numbers_push_delivered_total", "Pushed items a callback answered 2xx.", {},
                            counter_of(counters.delivered));
  registry.counter_callback("ctib_numbers_push_failed_total",
                            "Failed delivery attempts of pushed items (non-2xx, timeout, refused), per item.",
                            {}, counter_of(counters.failed));
  registry.counter_callback("ctib_numbers_push_dead_total",
                            "Pushed items dead-lettered after the retry budget.", {},
                            counter_of(counters.dead));
  registry.counter_callback("ctib_numbers_push_batches_total", "POSTs sent to callback URLs.", {},
                            counter_of(counters.batches));
}

}  // namespace ctib::numbers::admin
