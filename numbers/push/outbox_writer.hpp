#pragma once
// Writes the outbox rows of a merged notification (records::PushHook), in
// the record's own transaction: a "callin", "alerting", "answer" or
// "disconnect" event, and after the hangup the final record, for each URL
// the call is pushed to: its binding's callback_url, else its tenant's
// [[push.tenants]] urls when it has an entry, else [push] urls.
//
// Ids: the two backends share the migration and have no common
// auto-increment, so ids are made here: milliseconds since the epoch × 1024
// plus a counter, increasing within the process (the sender sends in id
// order) and below 2^53 (exact in any JSON reader). Two instances on one
// PostgreSQL start their counters at random offsets.
//
// Threads: on_merged and committed from any thread (atomics only).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "numbers/model/clock.hpp"
#include "numbers/push/options.hpp"
#include "numbers/records/push_hook.hpp"

namespace ctib::numbers::push {

class OutboxWriter final : public records::PushHook {
 public:
  // `wake(n)`: n rows were committed (PushRunner::wake); any thread.
  OutboxWriter(const PushOptions& options, std::function<void(std::size_t)> wake);

  void on_merged(storage::Session& session, const model::CallRecord& record, model::Event event,
                 model::Instant at) override;
  void committed() noexcept override;

  // Rows written since start (tests, metrics).
  [[nodiscard]] std::uint64_t enqueued_total() const noexcept {
    return total_.load(std::memory_order_relaxed);
  }

 private:
  std::int64_t next_id();

  const PushOptions& options_;
  const std::function<void(std::size_t)> wake_;
  std::atomic<std::int64_t> last_id_{0};
  std::atomic<std::size_t> unannounced_{0};  // written, no wake yet (may include rolled-back rows: harmless)
  std::atomic<std::uint64_t> total_{0};
};

}  // namespace ctib::numbers::push
