#pragma once
// Writes the call records of routing requests behind the answer. A routing
// answer only queues (uuid, notification, decision, time of receipt); one
// thread merges the queue into the database in one transaction every
// `interval` or every `batch` records, whichever comes first. This takes the
// record write, and the database write lock it needs, off the answer path:
// routing answers are reads only.
//
// Durability: stop() (a clean SIGTERM/SIGINT) writes everything queued
// before it returns. A crash loses at most what was queued and not yet
// committed (one interval's worth); the engine's hangup notification, which
// it spools and retries, then creates the record without the binding facts
// (see docs/numbers-service.md). Merges are order-independent, so a hangup
// merged before the queued request still ends as one correct record.
//
// Threads: push() and flush() from any worker thread; the writer thread is
// the only one that writes records of routing requests. `mutex_` guards the
// queue and the sequence counters.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "numbers/model/route.hpp"
#include "numbers/records/merge.hpp"
#include "numbers/records/push_hook.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::records {

struct WriterOptions {
  std::chrono::milliseconds interval{5};  // longest a queued record waits
  std::size_t batch = 512;                // records per transaction at most
  std::size_t queue_limit = 65536;        // push() waits beyond this (back-pressure, never drops)
};

// A routing request's record, as it will be merged.
struct PendingRequest {
  Notification note;
  model::RouteDecision decision;
  std::string x;
  model::Instant received{};
};

// What operations see of the writer (/v1/status, /metrics).
struct WriterStats {
  std::size_t queued = 0;
  std::size_t capacity = 0;  // queue_limit: push() waits beyond it
  std::uint64_t written_total = 0;
  std::uint64_t failed_total = 0;  // records given up (logged; the hangup notification recreates them)
  std::optional<std::chrono::sys_seconds> last_batch_at;  // last write attempt that ended
};

class RecordWriter {
 public:
  // `push` may be null; otherwise each routing request's "callin" outbox
  // row is written in the batch's transaction (push_hook.hpp).
  RecordWriter(storage::Repository& repository, WriterOptions options, std::function<void(std::string_view)> log,
               PushHook* push = nullptr);
  ~RecordWriter();  // stop()
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  void start();
  // Writes what is queued, then ends the thread. Later pushes write at once.
  void stop();

  void push(PendingRequest request);
  // Returns once everything pushed before the call is committed (or failed
  // and logged), so a record query sees the requests already answered.
  void flush();

  // From any thread; takes mutex_ briefly.
  [[nodiscard]] WriterStats stats() const;

 private:
  void run();
  void write(std::vector<PendingRequest>& batch);
  void write_batch(storage::Session& session, const std::vector<PendingRequest>& batch);
  void write_one(storage::Session& session, const PendingRequest& r);
  void merge_existing(storage::Session& session, const PendingRequest& r);

  storage::Repository& repository_;
  const WriterOptions options_;
  const std::function<void(std::string_view)> log_;
  PushHook* const push_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // the writer: work, a flush wanted, or stop
  std::condition_variable written_;  // flush() and push() waiting on progress
  // A deque: the writer takes its batch from the front, and a backlog of
  // queue_limit records must not be moved up by one batch each time (a
  // vector's erase moved the whole backlog, under mutex_, every batch).
  std::deque<PendingRequest> queue_;
  std::uint64_t pushed_ = 0;         // sequence of the last push
  std::uint64_t done_ = 0;           // every push up to this one is written
  std::uint64_t wanted_ = 0;         // a flush() waits for this sequence
  std::uint64_t written_total_ = 0;
  std::uint64_t failed_total_ = 0;
  std::optional<std::chrono::sys_seconds> last_batch_at_;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ctib::numbers::records
