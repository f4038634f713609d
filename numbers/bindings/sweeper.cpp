#include "numbers/bindings/sweeper.hpp"

#include <exception>
#include <string>

namespace ctib::numbers::bindings {

Sweeper::Sweeper(BindingService& bindings, std::chrono::seconds interval, Logger log)
    : bindings_(bindings), interval_(interval), log_(std::move(log)) {}

Sweeper::~Sweeper() { stop(); }

void Sweeper::start() { thread_ = std::thread([this] { run(); }); }

void Sweeper::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sweeper::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      const auto n = bindings_.sweep();
      if (n > 0 && log_) log_("sweep: " + std::to_string(n) + " binding(s) expired");
    } catch (const std::exception& e) {
      // A database hiccup: routing is unaffected, try again next round.
      if (log_) log_(std::string("sweep failed: ") + e.what());
    }
    lock.lock();
  }
}

}  // namespace ctib::numbers::bindings
