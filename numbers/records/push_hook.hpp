#pragma once
// What the record writers tell the push outbox (numbers/push, docs/push.md).
// The record code calls it inside the transaction that merges a call's
// record, so the outbox rows it writes commit (or roll back) with the
// record: no pushed event or record is lost across a crash or restart
// (decision 0011). An interface here, implemented in numbers/push, keeps
// records free of the push sender's HTTP and loop dependencies.
//
// Threads: called from the API's worker threads and the record writer's
// thread, several at a time; an implementation must be thread-safe.

#include "numbers/model/types.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::records {

class PushHook {
 public:
  virtual ~PushHook() = default;
  // `event` was merged into `record` for the first time (record as merged,
  // not yet committed); writes its outbox rows through `session`. May
  // throw StorageError, which fails the session like any record write.
  virtual void on_merged(storage::Session& session, const model::CallRecord& record, model::Event event,
                         model::Instant at) = 0;
  // After a commit that may have written outbox rows: wake the sender.
  virtual void committed() noexcept = 0;
};

}  // namespace ctib::numbers::records
