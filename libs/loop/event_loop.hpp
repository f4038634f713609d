#pragma once
// The event loop every call, SIP transaction and HTTP request runs on.
//
// Threading: an EventLoop and every handle it returns belong to the loop
// thread (the thread that runs it). The ONLY member that may be called from
// another thread is post(). Callbacks always run on the loop thread, never
// inside the call that registered them, and must not throw: they are invoked
// from C frames (sofia-sip), so an escaping exception terminates the process.
//
// Ownership: handles (FdWatch, Timer) are move-only RAII objects owned by
// whoever asked for them; destroying or cancel()ing one guarantees its
// callback is not called again, even from inside that same callback. Every
// handle must be destroyed before the loop that issued it.

#include <chrono>
#include <functional>
#include <memory>

namespace ctib::loop {

// Which readiness a file descriptor watch reports.
enum class Interest : unsigned { None = 0, Read = 1, Write = 2, ReadWrite = 3 };

// What the loop saw on a watched descriptor. `readable` is also set on hang-up
// so the reader discovers EOF by reading.
struct Readiness {
  bool readable = false;
  bool writable = false;
  bool error = false;
};

// A registered file descriptor. The loop never owns or closes the descriptor;
// the watch must be destroyed before the descriptor is closed.
class FdWatch {
 public:
  // Implemented by each EventLoop; its destructor deregisters.
  class Impl {
   public:
    virtual ~Impl() = default;
    virtual void set_interest(Interest interest) = 0;
  };

  FdWatch() = default;
  explicit FdWatch(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

  // Precondition: active().
  void set_interest(Interest interest);
  // Idempotent. After it returns the callback is never called again.
  void cancel() noexcept { impl_.reset(); }
  // False for a default-constructed, cancelled or failed registration.
  [[nodiscard]] bool active() const noexcept { return impl_ != nullptr; }

 private:
  std::unique_ptr<Impl> impl_;
};

// A one-shot timer. Destroying it before it fires cancels it.
class Timer {
 public:
  class Impl {
   public:
    virtual ~Impl() = default;
    [[nodiscard]] virtual bool pending() const noexcept = 0;
  };

  Timer() = default;
  explicit Timer(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

  // Idempotent. After it returns the callback is never called.
  void cancel() noexcept { impl_.reset(); }
  // True from start_timer() until the callback starts or cancel().
  [[nodiscard]] bool pending() const noexcept { return impl_ != nullptr && impl_->pending(); }

 private:
  std::unique_ptr<Impl> impl_;
};

class EventLoop {
 public:
  using Task = std::function<void()>;
  using FdCallback = std::function<void(Readiness)>;

  virtual ~EventLoop() = default;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Calls `on_ready` on the loop whenever `fd` is ready for `interest`
  // (level-triggered). Returns an inactive watch if the descriptor cannot be
  // registered (bad or already-registered fd). Loop thread only.
  [[nodiscard]] virtual FdWatch watch_fd(int fd, Interest interest, FdCallback on_ready) = 0;

  // Calls `on_expiry` once, on the loop, no earlier than `delay` from now.
  // Timers with the same deadline fire in the order they were started.
  // A zero delay runs on the next loop iteration. Loop thread only.
  [[nodiscard]] virtual Timer start_timer(std::chrono::milliseconds delay, Task on_expiry) = 0;

  // THREAD-SAFE. Runs `task` on the loop, after the current callback returns;
  // tasks run in the order they were posted. Tasks still queued when the loop
  // is destroyed are dropped without running. The loop must outlive callers.
  virtual void post(Task task) = 0;

  // Monotonic milliseconds (arbitrary epoch). Loop thread only.
  [[nodiscard]] virtual std::chrono::milliseconds now() const = 0;

 protected:
  EventLoop() = default;
};

}  // namespace ctib::loop
