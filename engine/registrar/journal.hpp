#pragma once
// Persistence of registrations in SQLite, so they survive an engine restart.
//
// Disk writes never run on the loop thread: record() only appends the
// changes to a queue (a mutex-guarded vector) and wakes a writer thread,
// which writes everything queued so far in one transaction (batching: a
// burst of REGISTERs costs one fsync, not one each). load() runs once at
// start, before the loop serves SIP, and is the only synchronous read.
// Destruction flushes what is queued and joins the writer.
//
// Ownership: the composition root owns the journal. Threading: record() from
// any thread (the loop in practice); the connection is used by the writer
// thread only after construction.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/registrar/bindings.hpp"
#include "libs/base/expected.hpp"

struct sqlite3;

namespace ctib::registrar {

class Journal {
 public:
  // Opens (creating if needed) the database and its schema.
  static base::Expected<std::unique_ptr<Journal>, std::string> open(const std::string& path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Every stored binding not yet expired at `now`; expired rows are deleted.
  base::Expected<std::vector<Binding>, std::string> load(TimePoint now);

  // Queues changes for the writer thread; never blocks on disk.
  void record(const std::vector<Change>& changes);

  // Waits until everything queued so far is on disk (tests, shutdown).
  void flush();

  // Writes that failed (logged by nobody here: the count is for the owner).
  [[nodiscard]] std::size_t failures() const;

 private:
  explicit Journal(sqlite3* db);
  void run();
  bool write(const std::vector<Change>& batch);  // writer thread

  sqlite3* db_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::vector<Change> queue_;  // LOCK: mutex_
  bool writing_ = false;       // LOCK: mutex_
  bool stop_ = false;          // LOCK: mutex_
  std::size_t failures_ = 0;   // LOCK: mutex_
  std::thread writer_;
};

}  // namespace ctib::registrar
