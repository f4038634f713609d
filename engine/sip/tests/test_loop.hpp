#pragma once
// A private su_root for a test (the production loop lives in libs/loop; the
// adapter only needs an su_root_t*). run_until has a generous hang guard so a
// broken flow fails instead of blocking CTest; it is never a timing assertion.

#include <sofia-sip/su_wait.h>

#include <chrono>
#include <functional>

namespace ctib::sip::test {

class TestLoop {
 public:
  TestLoop() {
    su_init();
    root_ = su_root_create(nullptr);
  }
  ~TestLoop() {
    su_root_destroy(root_);
    su_deinit();
  }
  TestLoop(const TestLoop&) = delete;
  TestLoop& operator=(const TestLoop&) = delete;

  [[nodiscard]] su_root_t* root() const noexcept { return root_; }

  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds guard = std::chrono::seconds(40)) {
    const auto deadline = std::chrono::steady_clock::now() + guard;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      su_root_step(root_, 20);
    }
    return true;
  }

  void run_for(std::chrono::milliseconds d) {
    const auto end = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < end) {
      su_root_step(root_, 20);
    }
  }

 private:
  su_root_t* root_ = nullptr;
};

}  // namespace ctib::sip::test
