#pragma once
// The three kinds of value a metric family holds. Updates are relaxed atomic
// operations: a scrape reads each value on its own, and Prometheus needs no
// ordering between two counters. Objects are owned by their Family and never
// move, so a component keeps a reference to its child (looked up once, off
// the hot path) and pays one atomic add per event.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace ctib::metrics {

// Only ever goes up (Prometheus derives rates from it).
class Counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down (calls up, queue length, 1/0 states).
class Gauge {
 public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void add(double v) noexcept { value_.fetch_add(v, std::memory_order_relaxed); }
  void inc() noexcept { add(1); }
  void dec() noexcept { add(-1); }
  [[nodiscard]] double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Observations counted into buckets with upper bounds `bounds` (ascending;
// +Inf is implicit). Each observation increments one bucket; the cumulative
// counts Prometheus wants are summed at scrape time, which keeps observe()
// at two atomic adds.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);

  void observe(double v) noexcept;

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;  // == cumulative.back(), so _count always equals the +Inf bucket
  };
  [[nodiscard]] Snapshot snapshot() const;
  [[nodiscard]] const std::vector<double>& bounds() const noexcept { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1 (the last is +Inf)
  std::atomic<double> sum_{0};
};

// Bucket bounds for request latencies in seconds: 1 ms .. 10 s.
std::vector<double> latency_buckets();

}  // namespace ctib::metrics
