#pragma once
// Marks expired bindings in the background. Routing does not depend on it
// (the routing query checks expiry); the sweep keeps states and listings
// tidy and stamps released_at for the cool-down. One thread, woken every
// `interval` or by stop().

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

#include "numbers/bindings/binding_service.hpp"

namespace ctib::numbers::bindings {

class Sweeper {
 public:
  using Logger = std::function<void(std::string_view)>;
  Sweeper(BindingService& bindings, std::chrono::seconds interval, Logger log);
  ~Sweeper();  // stop()s
  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

  void start();
  void stop();

 private:
  void run();

  BindingService& bindings_;
  const std::chrono::seconds interval_;
  Logger log_;
  std::mutex mutex_;  // guards stopping_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ctib::numbers::bindings
