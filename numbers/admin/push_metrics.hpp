#pragma once
// The push outbox's metrics (docs/metrics.md, docs/push.md): registered by
// main when [push] is configured. The gauges read the outbox at scrape time
// (the admin thread, a read session of its own); the counters are the
// sender's relaxed atomics.
//
// Ownership: `counters` belong to the PushRunner, which main keeps for as
// long as the registry can be scraped.

#include "libs/metrics/registry.hpp"
#include "numbers/push/sender.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::admin {

void register_push_metrics(metrics::Registry& registry, storage::Repository& repository,
                           const push::PushCounters& counters);

}  // namespace ctib::numbers::admin
