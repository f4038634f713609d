#pragma once
// The push sender's thread: it builds its own event loop (loop::SuRootLoop,
// which must be built on the thread that runs it), the curl-multi client on
// that loop and the Sender, runs the loop, and destroys them in reverse
// order when stopped. Nothing else runs on it, so a slow or dead callback
// and the outbox's database reads never hold an HTTP worker (routing
// answers are never delayed by a push, docs/push.md).
//
// Ownership: main owns it, after the repository and the process-wide
// SofiaGlobal and CurlGlobal (which it borrows), and stops it before them.
// Threads: wake() and counters() from any thread; the rest from main.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "libs/http/curl_global.hpp"
#include "libs/loop/sofia_global.hpp"
#include "numbers/model/clock.hpp"
#include "numbers/push/options.hpp"
#include "numbers/push/sender.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::loop {
class SuRootLoop;
}

namespace ctib::numbers::push {

class PushRunner {
 public:
  PushRunner(const loop::SofiaGlobal& sofia, const http::CurlGlobal& curl, storage::Repository& repository,
             const model::Clock& clock, PushOptions options, std::function<void(std::string_view)> log);
  ~PushRunner();  // stop()
  PushRunner(const PushRunner&) = delete;
  PushRunner& operator=(const PushRunner&) = delete;

  // Starts the thread and returns once its loop runs (throws what the
  // loop's construction threw).
  void start();
  // Cancels the requests in flight (their items stay in the outbox, leased,
  // and go again after the next start) and joins the thread.
  void stop();

  // `items` outbox rows were committed. Any thread; wake-ups that arrive
  // while one is already on its way to the loop are folded into it.
  void wake(std::size_t items) noexcept;

  [[nodiscard]] const PushCounters& counters() const noexcept { return counters_; }
  [[nodiscard]] const PushOptions& options() const noexcept { return options_; }

 private:
  void run();

  const loop::SofiaGlobal& sofia_;
  const http::CurlGlobal& curl_;
  storage::Repository& repository_;
  const model::Clock& clock_;
  const PushOptions options_;
  const std::function<void(std::string_view)> log_;
  PushCounters counters_;

  std::mutex mutex_;
  std::condition_variable started_;
  loop::SuRootLoop* loop_ = nullptr;    // LOCK mutex_; set while the thread's loop runs
  Sender* sender_ = nullptr;            // loop thread only
  bool ready_ = false;                  // LOCK mutex_
  std::string failure_;                 // LOCK mutex_; why the thread could not start
  std::atomic<std::size_t> waking_{0};  // items announced, not yet handed to the sender
  std::atomic<bool> posted_{false};     // a wake task is on its way to the loop
  std::thread thread_;
};

}  // namespace ctib::numbers::push
