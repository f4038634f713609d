#include "numbers/push/push_runner.hpp"

#include <condition_variable>
#include <exception>
#include <stdexcept>

#include "libs/http/curl_multi_client.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::numbers::push {

PushRunner::PushRunner(const loop::SofiaGlobal& sofia, const http::CurlGlobal& curl,
                       storage::Repository& repository, const model::Clock& clock, PushOptions options,
                       std::function<void(std::string_view)> log)
    : sofia_(sofia),
      curl_(curl),
      repository_(repository),
      clock_(clock),
      options_(std::move(options)),
      log_(std::move(log)) {}

PushRunner::~PushRunner() {
  stop();
}

void PushRunner::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
  std::unique_lock lock(mutex_);
  started_.wait(lock, [this] { return ready_ || !failure_.empty(); });
  if (!failure_.empty()) {
    lock.unlock();
    thread_.join();
    throw std::runtime_error("push sender: " + failure_);
  }
}

void PushRunner::run() {
  try {
    loop::SuRootLoop loop(sofia_);
    http::ClientOptions client_options;
    client_options.max_connections = static_cast<long>(options_.max_in_flight);
    client_options.user_agent = "ctibridge-numbers-push";
    http::CurlMultiClient client(loop, curl_, client_options);
    {
      // Destroyed before the client and the loop (reverse order).
      Sender sender(loop, client, repository_, clock_, options_, log_, counters_);
      sender_ = &sender;
      sender.start();
      {
        const std::lock_guard lock(mutex_);
        loop_ = &loop;
        ready_ = true;
      }
      started_.notify_all();
      // A wake() before loop_ was set found no loop: look now.
      loop.post([this] { wake(0); });
      loop.run();
      const std::lock_guard lock(mutex_);
      loop_ = nullptr;
      sender_ = nullptr;
    }
  } catch (const std::exception& e) {
    const std::lock_guard lock(mutex_);
    loop_ = nullptr;
    if (!ready_) failure_ = e.what();
    started_.notify_all();
    if (ready_) log_(std::string("push: sender stopped: ") + e.what());
  }
}

void PushRunner::stop() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard lock(mutex_);
    if (loop_ != nullptr) {
      loop::SuRootLoop* loop = loop_;
      loop->post([loop] { loop->stop(); });
    }
  }
  thread_.join();
}

void PushRunner::wake(std::size_t items) noexcept {
  waking_.fetch_add(items, std::memory_order_acq_rel);
  // Only one task on its way to the loop at a time; it takes every count
  // added before it runs (a count added after it cleared `posted_` posts
  // a new one).
  if (posted_.exchange(true, std::memory_order_acq_rel)) return;
  try {
    const std::lock_guard lock(mutex_);
    if (loop_ == nullptr) {
      posted_.store(false, std::memory_order_release);
      return;  // not running: the next start() passes over the whole outbox anyway
    }
    loop_->post([this] {
      posted_.store(false, std::memory_order_release);
      const std::size_t n = waking_.exchange(0, std::memory_order_acq_rel);
      if (sender_ != nullptr) sender_->wake(n);
    });
  } catch (...) {
    // post() allocates; losing one wake-up only delays the items to the
    // sender's next poll.
    posted_.store(false, std::memory_order_release);
  }
}

}  // namespace ctib::numbers::push
