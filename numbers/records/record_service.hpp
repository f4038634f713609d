#pragma once
// Writes notifications into call records (one locked read-merge-write per
// notification) and answers record queries. With a RecordWriter, the
// routing request's record is queued and written behind the answer; the
// other notifications are merged at once (the engine waits for their answer
// and retries them, so they are already off the call's path).

#include <atomic>
#include <cstdint>
#include <string>

#include "libs/base/expected.hpp"
#include "numbers/model/failure.hpp"
#include "numbers/records/merge.hpp"
#include "numbers/records/push_hook.hpp"
#include "numbers/records/record_writer.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::records {

class RecordService {
 public:
  // `writer` may be null: routing requests are then written synchronously.
  // `push` may be null: nothing is pushed.
  RecordService(storage::Repository& repository, const model::Clock& clock, RecordWriter* writer = nullptr,
                PushHook* push = nullptr)
      : repository_(repository), clock_(clock), writer_(writer), push_(push) {}

  // The routing request of a call and what was decided for it.
  void on_request(const Notification& n, const model::RouteDecision& decision, const std::string& x);
  // ring, progress, answer, hangup. A conflict leaves the record as it was
  // and is counted (conflicts()); the caller logs it.
  MergeOutcome on_event(const Notification& n);
  // A blind transfer of the call `uuid` routed to `target` (decision 0027):
  // written into its record (transferred_to, transfer_time), nothing else
  // of the record changes. false, and nothing written, when the call has no
  // record, is released, or was transferred already.
  bool on_transfer(const std::string& uuid, const std::string& target);
  // Notifications refused since start because they contradicted a released
  // record (merge.hpp).
  [[nodiscard]] std::uint64_t conflicts() const noexcept { return conflicts_.load(std::memory_order_relaxed); }

  // Both wait for the routing requests already answered to be written, so a
  // query right after a call sees its record.
  // Another tenant's record is not_found, as a missing one.
  base::Expected<model::CallRecord, model::Failure> get(const std::string& uuid,
                                                        const model::Scope& scope = {});
  model::Page<model::CallRecord> list(const storage::RecordFilter& filter, const model::PageRequest& page);

 private:
  storage::Repository& repository_;
  const model::Clock& clock_;
  RecordWriter* writer_;
  PushHook* push_;
  std::atomic<std::uint64_t> conflicts_{0};
};

}  // namespace ctib::numbers::records
