#pragma once
// The on-disk spool of hangup notifications not yet delivered, so that no
// call record is lost when the interface is down or the engine restarts
// (cti-bridge-protocol §5). One file per notification, named by call uuid,
// written to a temporary name and renamed so a crash never leaves half a file.
//
// A stored notification reaches the disk `write_delay` after store(), unless
// remove() came first: a healthy interface takes a hangup in milliseconds,
// and writing, renaming and deleting a file for each of them cost the engine
// 7-11 % of its CPU at load (docs/performance.md). What the delay risks is a
// crash of the engine within it; a stop (SIGTERM) writes every notification
// not yet delivered. Decision: docs/decisions/0003-spool-after-a-delay.md.
//
// Threading: load() runs at start, before the loop. store()/remove() are
// called on the loop thread and only queue the work: a writer thread owned by
// the Spool does the disk I/O, in order, so the loop never blocks on disk.
// flush() writes what is waiting at once and returns when it is on disk.
//
// With the call journal on (JournalOptions::enabled), the same writer also
// appends to `calls.journal` in the spool directory: record() (call start,
// answer), store() (the call's end, carrying its hangup notification) and
// remove() (delivered). Each batch of jobs is one write() and one
// fdatasync() (group commit; a batch of delivered records alone is not synced); the ids of the hangups that batch made durable
// are then reported through the committed handler, and only then may they be
// sent, so that no hangup reaches the interface that a crash could still
// turn into a CRASH hangup. While calls are up the writer appends a heartbeat
// every `heartbeat`, and rewrites the file with only the live calls once it
// outgrows `compact_bytes`. The constructor recovers what a previous run's
// journal calls for (recover_hangups) into spool files before anything else.
// Decision: docs/decisions/0006-call-journal.md.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/events/call_journal.hpp"
#include "engine/events/spooled_notification.hpp"

namespace ctib::events {

struct JournalOptions {
  bool enabled = false;
  std::uint64_t compact_bytes = 4u << 20;
  // Bounds how far before a crash a CRASH hangup may end (under-billing):
  // half a second keeps billsec within a second of the truth after flooring.
  std::chrono::milliseconds heartbeat{500};
  // `journal-sync = strict`: record() of a Start or an Answer returns only
  // once the record is written and fdatasync'd (the caller's thread waits:
  // the loop). Closes decision 0006's window (a routing request sent, or a
  // call answered, less than one batch before a crash) at the cost measured
  // there. false (`batch`): record() only queues (group commit).
  bool strict = false;
};

// What the constructor recovered from a previous run's journal.
struct Recovery {
  std::vector<std::string> crashed;  // uuids given a hangup_cause=CRASH notification
  std::vector<std::string> ended;    // uuids whose own hangup was not proven delivered
  std::vector<std::string> skipped;  // journal records skipped, "line N: why"
};

// One journal batch on disk: the hangups it made durable, or why it failed.
struct Committed {
  std::vector<std::string> ids;
  std::string error;  // "" = written and synced
};

class Spool {
 public:
  // Creates the directory if needed. Throws std::filesystem::filesystem_error
  // when it cannot (startup only).
  // With the journal on it also reads the previous journal, spools (synced)
  // the hangups it calls for and starts a fresh journal; std::system_error
  // when it cannot.
  explicit Spool(std::filesystem::path dir,
                 std::chrono::milliseconds write_delay = std::chrono::milliseconds(250),
                 JournalOptions journal = {});
  ~Spool();  // writes everything still waiting, then stops the writer
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Every complete notification on disk. Unreadable files are moved aside to
  // `<name>.bad` and reported through `on_bad` (never silently dropped).
  std::vector<SpooledNotification> load(const std::function<void(const std::string&)>& on_bad);

  void store(SpooledNotification n);
  void remove(const std::string& id);
  void flush();

  // A Start, Answer or Done record for the journal; ignored when it is off.
  // With JournalOptions::strict, a Start or an Answer waits until its batch
  // is on disk (see there).
  void record(JournalRecord r);
  [[nodiscard]] bool journaled() const noexcept { return journal_ != nullptr; }
  [[nodiscard]] const Recovery& recovery() const noexcept { return recovery_; }
  // Called on the writer thread after every journal batch that carried an
  // end record or failed; keep it short (post to a loop). nullptr clears it;
  // once set_on_committed returns, the old handler is not running.
  void set_on_committed(std::function<void(Committed)> handler);

  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }
  // Notification files in the directory now (metrics): counted by load(),
  // then by the writer as it creates and deletes them. Any thread.
  [[nodiscard]] std::size_t on_disk() const noexcept { return on_disk_.load(std::memory_order_relaxed); }

 private:
  using Clock = std::chrono::steady_clock;
  enum class JobKind { Store, Remove, Record };
  struct Job {
    JobKind kind;
    SpooledNotification n;
    JournalRecord record;
  };
  // Writer thread only: stored notifications not yet on disk, by id, and
  // the order they fall due in.
  struct Delayed {
    SpooledNotification n;
    Clock::time_point due;
  };
  void writer_main();
  // Applies one batch of jobs, then writes what fell due (all if `all`).
  void apply(std::deque<Job>& batch, bool all);
  // Synced (file and directory) when `durable`: the journal forgets a hangup
  // once its file is written.
  bool write_file(const SpooledNotification& n, bool durable);
  void recover();
  // Appends `bytes` (may be empty) plus a heartbeat if one is due, synced
  // when `sync` (or a heartbeat); reports the ids made durable.
  void commit(std::string& bytes, bool sync, std::vector<std::string>& ids);
  void remove_file(const std::string& id);
  [[nodiscard]] std::filesystem::path path_for(const std::string& id) const;

  std::filesystem::path dir_;
  std::chrono::milliseconds write_delay_;
  JournalOptions journal_options_;
  Recovery recovery_;                    // set by the constructor, then read-only
  std::unique_ptr<CallJournal> journal_;  // writer thread (after the constructor); null = off
  JournalState live_;                     // writer thread: what journal_ holds
  Clock::time_point last_append_{};       // writer thread
  std::uint64_t compacted_size_ = 0;      // writer thread: the file's size after the last compaction
  std::mutex handler_mutex_;
  std::function<void(Committed)> on_committed_;  // LOCK: handler_mutex_
  std::map<std::string, Delayed> delayed_;                      // writer thread
  std::deque<std::pair<Clock::time_point, std::string>> due_;  // writer thread
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Job> jobs_;                 // LOCK: mutex_
  std::uint64_t flushes_wanted_ = 0;     // LOCK: mutex_
  std::uint64_t flushes_done_ = 0;       // LOCK: mutex_
  std::uint64_t jobs_queued_ = 0;        // LOCK: mutex_; every job ever queued
  std::uint64_t jobs_applied_ = 0;       // LOCK: mutex_; of them, applied (written, synced as their batch is)
  std::optional<Clock::time_point> next_due_;  // LOCK: mutex_; the writer's next deadline
  std::optional<Clock::time_point> heartbeat_due_;  // LOCK: mutex_; set while calls are up
  bool stopping_ = false;                // LOCK: mutex_
  std::atomic<std::size_t> on_disk_{0};  // load(), then the writer thread; read anywhere
  std::thread writer_;                   // started last in the constructor
};

}  // namespace ctib::events
