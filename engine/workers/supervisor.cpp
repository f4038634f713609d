#include "engine/workers/supervisor.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ctib::workers {

namespace {

long long now_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// A worker that dies sooner than this after its start is not restarted at
// once (a crash loop would spin).
constexpr long long kSettleMs = 1000;

sigset_t supervised_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (const int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGUSR1}) sigaddset(&set, s);
  return set;
}

std::string describe(int status) {
  if (WIFEXITED(status)) return "exited " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by signal ") + std::to_string(WTERMSIG(status));
  return "stopped";
}

}  // namespace

void Supervisor::worker_ready() { ::kill(::getppid(), SIGUSR1); }

pid_t Supervisor::spawn(unsigned index) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    // The worker takes its signals through its own loop (signalfd), which
    // blocks them itself; SIGCHLD is the supervisor's business only.
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    ::pthread_sigmask(SIG_UNBLOCK, &chld, nullptr);
    const int rc = options_.run_worker(index);
    std::fflush(nullptr);
    ::_exit(rc);
  }
  if (pid > 0) {
    pids_[index] = pid;
    started_ms_[index] = now_ms();
    options_.info("worker " + std::to_string(index) + " started, pid " + std::to_string(pid));
  }
  return pid;
}

int Supervisor::run() {
  const sigset_t signals = supervised_signals();
  ::pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  pids_.assign(options_.workers, 0);
  started_ms_.assign(options_.workers, 0);
  std::vector<bool> first_start(options_.workers, true);
  std::vector<long long> restart_at(options_.workers, 0);
  for (unsigned i = 0; i < options_.workers; ++i) {
    if (spawn(i) < 0) {
      options_.warn(std::string("cannot fork worker: ") + std::strerror(errno));
      for (const pid_t p : pids_) {
        if (p > 0) ::kill(p, SIGTERM);
      }
      break;
    }
  }
  bool stopping = std::any_of(pids_.begin(), pids_.end(), [](pid_t p) { return p <= 0; });
  bool failed = stopping;
  std::vector<bool> ready(options_.workers, false);
  bool all_ready = false;
  int live = static_cast<int>(std::count_if(pids_.begin(), pids_.end(), [](pid_t p) { return p > 0; }));

  while (live > 0 ||
         (!stopping && std::any_of(restart_at.begin(), restart_at.end(), [](long long t) { return t; }))) {
    // Wake for a signal, or when a delayed restart is due.
    long long wait_ms = 1000;
    for (const long long t : restart_at) {
      if (t != 0) wait_ms = std::min(wait_ms, std::max(0LL, t - now_ms()));
    }
    const timespec timeout{static_cast<time_t>(wait_ms / 1000),
                           static_cast<long>((wait_ms % 1000) * 1000000)};
    siginfo_t info{};
    const int sig = ::sigtimedwait(&signals, &info, &timeout);
    if (sig == SIGUSR1) {
      const auto it = std::find(pids_.begin(), pids_.end(), info.si_pid);
      if (it != pids_.end()) ready[static_cast<std::size_t>(it - pids_.begin())] = true;
      if (!all_ready && std::all_of(ready.begin(), ready.end(), [](bool r) { return r; })) {
        all_ready = true;
        options_.all_ready();
      }
    } else if (sig == SIGTERM || sig == SIGINT) {
      if (!stopping) {
        options_.info("signal " + std::to_string(sig) + ": stopping every worker");
        options_.stopping();
      }
      stopping = true;
      std::fill(restart_at.begin(), restart_at.end(), 0);
      for (const pid_t p : pids_) {
        if (p > 0) ::kill(p, sig);
      }
    } else if (sig == SIGHUP) {
      for (const pid_t p : pids_) {
        if (p > 0) ::kill(p, SIGHUP);
      }
    }
    // Reap whoever ended (SIGCHLD, or found on a timeout).
    int status = 0;
    pid_t dead;
    while ((dead = ::waitpid(-1, &status, WNOHANG)) > 0) {
      const auto it = std::find(pids_.begin(), pids_.end(), dead);
      if (it == pids_.end()) continue;
      const auto index = static_cast<unsigned>(it - pids_.begin());
      *it = 0;
      --live;
      const bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      if (stopping) {
        if (!clean) failed = true;
        options_.info("worker " + std::to_string(index) + " " + describe(status));
        continue;
      }
      const long long lived = now_ms() - started_ms_[index];
      if (first_start[index] && !ready[index]) {
        options_.warn("worker " + std::to_string(index) + " " + describe(status) +
                      " while starting: stopping every worker");
        stopping = true;
        failed = true;
        for (const pid_t p : pids_) {
          if (p > 0) ::kill(p, SIGTERM);
        }
        continue;
      }
      options_.warn("worker " + std::to_string(index) + " " + describe(status) + ": restarting it");
      restart_at[index] = lived < kSettleMs ? now_ms() + kSettleMs : now_ms();
    }
    if (stopping) continue;
    for (unsigned i = 0; i < options_.workers; ++i) {
      if (restart_at[i] == 0 || restart_at[i] > now_ms()) continue;
      restart_at[i] = 0;
      first_start[i] = false;
      if (spawn(i) > 0) {
        ++live;
      } else {
        restart_at[i] = now_ms() + kSettleMs;
      }
    }
  }
  return failed ? 1 : 0;
}

}  // namespace ctib::workers
