#pragma once
// The on-disk spool of hangup notifications not yet delivered, so that no
// call record is lost when the interface is down or the engine restarts
// (cti-bridge-protocol §5). One file per notification, named by call uuid,
// written to a temporary name and renamed so a crash never leaves half a file.
//
// Threading: load() runs at start, before the loop. store()/remove() are
// called on the loop thread and only queue the work: a writer thread owned by
// the Spool does the disk I/O, in order, so the loop never blocks on disk.
// flush() waits for the queue to drain (shutdown).

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
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
  explicit Spool(std::filesystem::path dir);
  ~Spool();  // drains the queue, then stops the writer
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
  void writer_main();
  void write_file(const SpooledNotification& n);
  void remove_file(const std::string& id);
  [[nodiscard]] std::filesystem::path path_for(const std::string& id) const;

  std::filesystem::path dir_;
  struct Job {
    bool store;
    SpooledNotification n;
  };
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Job> jobs_;  // LOCK: mutex_
  bool busy_ = false;     // LOCK: mutex_
  bool stopping_ = false; // LOCK: mutex_
  std::thread writer_;    // started last in the constructor
};

}  // namespace ctib::events
