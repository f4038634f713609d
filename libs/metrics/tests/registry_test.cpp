#include "libs/metrics/registry.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace ctib::metrics {
namespace {

TEST(Registry, CounterFamilyWithLabelsRendersHelpTypeAndSortedChildren) {
  Registry registry;
  auto& calls = registry.counter("ctib_test_calls_total", "Calls by result.", {"result", "hangup_cause"});
  calls.with({"failed", "USER_BUSY"}).inc();
  calls.with({"answered", "NORMAL_CLEARING"}).inc(2);
  calls.with({"answered", "NORMAL_CLEARING"}).inc();
  EXPECT_EQ(registry.render(),
            "# HELP ctib_test_calls_total Calls by result.\n"
            "# TYPE ctib_test_calls_total counter\n"
            "ctib_test_calls_total{result=\"answered\",hangup_cause=\"NORMAL_CLEARING\"} 3\n"
            "ctib_test_calls_total{result=\"failed\",hangup_cause=\"USER_BUSY\"} 1\n");
}

TEST(Registry, FamiliesRenderInRegistrationOrder) {
  Registry registry;
  registry.gauge("ctib_b", "B.").get().set(1.5);
  registry.counter("ctib_a", "A.").get();
  EXPECT_EQ(registry.render(),
            "# HELP ctib_b B.\n# TYPE ctib_b gauge\nctib_b 1.5\n"
            "# HELP ctib_a A.\n# TYPE ctib_a counter\nctib_a 0\n");
}

TEST(Registry, LabelValuesAreEscaped) {
  Registry registry;
  registry.gauge("ctib_g", "G.", {"name"}).with({"a\"b\\c\nd"}).set(-2);
  EXPECT_NE(registry.render().find("ctib_g{name=\"a\\\"b\\\\c\\nd\"} -2\n"), std::string::npos);
}

TEST(Registry, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry registry;
  auto& latency = registry.histogram("ctib_latency_seconds", "Latency.", {"route"}, {0.1, 1});
  auto& h = latency.with({"/v1/cti"});
  h.observe(0.05);
  h.observe(0.1);  // `le` is inclusive
  h.observe(0.5);
  h.observe(7);
  EXPECT_EQ(registry.render(),
            "# HELP ctib_latency_seconds Latency.\n"
            "# TYPE ctib_latency_seconds histogram\n"
            "ctib_latency_seconds_bucket{route=\"/v1/cti\",le=\"0.1\"} 2\n"
            "ctib_latency_seconds_bucket{route=\"/v1/cti\",le=\"1\"} 3\n"
            "ctib_latency_seconds_bucket{route=\"/v1/cti\",le=\"+Inf\"} 4\n"
            "ctib_latency_seconds_sum{route=\"/v1/cti\"} 7.65\n"
            "ctib_latency_seconds_count{route=\"/v1/cti\"} 4\n");
}

TEST(Registry, HistogramWithoutLabels) {
  Registry registry;
  registry.histogram("ctib_h", "H.", {}, {1}).get().observe(2);
  EXPECT_EQ(registry.render(),
            "# HELP ctib_h H.\n# TYPE ctib_h histogram\n"
            "ctib_h_bucket{le=\"1\"} 0\nctib_h_bucket{le=\"+Inf\"} 1\nctib_h_sum 2\nctib_h_count 1\n");
}

TEST(Registry, CallbackGaugeIsComputedAtEachRender) {
  Registry registry;
  int free = 3;
  registry.gauge_callback("ctib_free", "Free.", {"gateway"}, [&free] {
    return std::vector<Sample>{{{"gw1"}, static_cast<double>(free)}};
  });
  EXPECT_NE(registry.render().find("ctib_free{gateway=\"gw1\"} 3\n"), std::string::npos);
  free = 1;
  EXPECT_NE(registry.render().find("ctib_free{gateway=\"gw1\"} 1\n"), std::string::npos);
}

TEST(Registry, ProgrammingErrorsThrow) {
  Registry registry;
  auto& family = registry.counter("ctib_x_total", "X.", {"a"});
  EXPECT_THROW(family.with({}), std::invalid_argument);
  EXPECT_THROW(family.with({"1", "2"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ctib_x_total", "again"), std::invalid_argument);
  EXPECT_THROW(registry.counter("bad-name", "B."), std::invalid_argument);
  EXPECT_THROW(registry.gauge("ctib_y", "Y.", {"le"}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("ctib_z", "Z.", {}, {1, 0.5}), std::invalid_argument);
}

TEST(Registry, ConcurrentUpdatesAndRendersLoseNothing) {
  Registry registry;
  auto& counter = registry.counter("ctib_n_total", "N.", {"t"});
  auto& histogram = registry.histogram("ctib_d", "D.", {}, {0.5}).get();
  constexpr int kThreads = 4;
  constexpr int kEach = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Counter& mine = counter.with({"shared"});
      for (int i = 0; i < kEach; ++i) {
        mine.inc();
        histogram.observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  std::thread scraper([&] {
    for (int i = 0; i < 50; ++i) (void)registry.render();
  });
  for (auto& t : threads) t.join();
  scraper.join();
  EXPECT_EQ(counter.with({"shared"}).value(), std::uint64_t{kThreads * kEach});
  const auto s = histogram.snapshot();
  EXPECT_EQ(s.count, std::uint64_t{kThreads * kEach});
  EXPECT_EQ(s.cumulative[0], std::uint64_t{kThreads * kEach / 2});
  EXPECT_DOUBLE_EQ(s.sum, kThreads * kEach / 2 * 0.25 + kThreads * kEach / 2 * 1.0);
}

}  // namespace
}  // namespace ctib::metrics
