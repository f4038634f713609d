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

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/routing/request.hpp"

namespace ctib::events {

struct SpooledNotification {
  std::string id;  // the call uuid: one hangup per call
  routing::HttpRequest request;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{3000};
};

class Spool {
 public:
  // Creates the directory if needed. Throws std::filesystem::filesystem_error
  // when it cannot (startup only).
  explicit Spool(std::filesystem::path dir,
                 std::chrono::milliseconds write_delay = std::chrono::milliseconds(250));
  ~Spool();  // writes everything still waiting, then stops the writer
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Every complete notification on disk. Unreadable files are moved aside to
  // `<name>.bad` and reported through `on_bad` (never silently dropped).
  std::vector<SpooledNotification> load(const std::function<void(const std::string&)>& on_bad);

  void store(SpooledNotification n);
  void remove(const std::string& id);
  void flush();

  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Job {
    bool store;
    SpooledNotification n;
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
  void write_file(const SpooledNotification& n);
  void remove_file(const std::string& id);
  [[nodiscard]] std::filesystem::path path_for(const std::string& id) const;

  std::filesystem::path dir_;
  std::chrono::milliseconds write_delay_;
  std::map<std::string, Delayed> delayed_;                      // writer thread
  std::deque<std::pair<Clock::time_point, std::string>> due_;  // writer thread
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Job> jobs_;                 // LOCK: mutex_
  std::uint64_t flushes_wanted_ = 0;     // LOCK: mutex_
  std::uint64_t flushes_done_ = 0;       // LOCK: mutex_
  std::optional<Clock::time_point> next_due_;  // LOCK: mutex_; the writer's next deadline
  bool stopping_ = false;                // LOCK: mutex_
  std::thread writer_;                   // started last in the constructor
};

}  // namespace ctib::events
