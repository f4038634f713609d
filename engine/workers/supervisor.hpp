#pragma once
// The supervisor of N engine workers (decision 0020): the process started
// as ctib-engine, once the configuration is loaded. It forks one worker
// process per index, restarts a worker that dies (the others keep their
// calls), passes SIGHUP (reload) to every worker, and on SIGTERM/SIGINT
// passes the signal on and waits until every worker has finished its own
// graceful shutdown. A worker tells it it is ready with SIGUSR1 (to its
// parent); once every worker has, `all_ready` runs (sd_notify READY: with
// systemd's NotifyAccess=main only this process may say it). A worker that
// ends before it was ever ready (a port that cannot be bound, say) stops
// them all: the engine does not start half.
//
// Ownership: main owns the Supervisor; it owns nothing but the workers'
// pids. Threading: the main thread only, which has no other threads (the
// fork happens before any is started).

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace ctib::workers {

class Supervisor {
 public:
  struct Options {
    unsigned workers = 2;
    // Runs worker `index` in the child; its result is the child's exit code.
    std::function<int(unsigned index)> run_worker;
    std::function<void(const std::string&)> info;
    std::function<void(const std::string&)> warn;
    std::function<void()> all_ready = [] {};
    std::function<void()> stopping = [] {};
  };

  // In a worker: tells the supervisor this worker serves.
  static void worker_ready();

  explicit Supervisor(Options options) : options_(std::move(options)) {}

  // Until every worker has stopped after SIGTERM/SIGINT: 0 when all exited
  // 0, 1 otherwise (or when the first start failed).
  int run();

 private:
  pid_t spawn(unsigned index);

  Options options_;
  std::vector<pid_t> pids_;
  std::vector<long long> started_ms_;
};

}  // namespace ctib::workers
