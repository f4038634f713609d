#pragma once
// ctib-numbers' Prometheus metrics (docs/metrics.md): the API's requests and
// routing answers (counted as they happen, through api::Observer), and the
// pool, bindings and record writer (read when scraped).
//
// Ownership: main owns the Registry and this object; both outlive the
// servers. Threads: the Observer calls come from the API's worker threads
// and only touch children created in the constructor (relaxed atomics);
// the scrape-time reads run on the admin server's thread and open a read
// session of their own.

#include <array>
#include <string>
#include <vector>

#include "libs/metrics/registry.hpp"
#include "numbers/api/observer.hpp"
#include "numbers/model/clock.hpp"
#include "numbers/records/record_writer.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::admin {

class ServiceMetrics final : public api::Observer {
 public:
  ServiceMetrics(metrics::Registry& registry, storage::Repository& repository,
                 const records::RecordWriter& writer, const model::Clock& clock, model::Instant started_at,
                 const std::vector<std::string>& api_key_ids = {});

  void on_request(std::size_t route, unsigned status, std::chrono::nanoseconds took) noexcept override;
  void on_route(api::RouteOutcome outcome) noexcept override;
  void on_notification(model::Event event) noexcept override;
  void on_rate_limited(std::string_view key_id) noexcept override;
  void on_record_conflict(model::Event event) noexcept override;

 private:
  // Status classes 1xx..5xx; anything else is counted as 5xx.
  static constexpr std::size_t kStatusClasses = 5;
  std::vector<std::array<metrics::Histogram*, kStatusClasses>> requests_;  // by api::kRoutes index
  std::array<metrics::Counter*, 5> routes_{};                              // by RouteOutcome
  std::array<metrics::Counter*, 4> notifications_{};                       // ring, progress, answer, hangup
  std::array<metrics::Counter*, 4> conflicts_{};                           // idem
  std::vector<std::pair<std::string, metrics::Counter*>> rate_limited_;    // by API key id
};

}  // namespace ctib::numbers::admin
