#pragma once
// call::Timers on the engine's event loop and the system clock.

#include "engine/call/ports.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::b2bua {

class LoopTimers final : public call::Timers {
 public:
  explicit LoopTimers(loop::EventLoop& loop) : loop_(loop) {}

  std::unique_ptr<call::Cancellable> start(std::chrono::milliseconds after, std::function<void()> fire) override {
    class Handle final : public call::Cancellable {
     public:
      explicit Handle(loop::Timer t) : timer_(std::move(t)) {}
      void cancel() override { timer_.cancel(); }

     private:
      loop::Timer timer_;
    };
    return std::make_unique<Handle>(loop_.start_timer(after, std::move(fire)));
  }

  std::chrono::system_clock::time_point wall_now() override { return std::chrono::system_clock::now(); }

 private:
  loop::EventLoop& loop_;
};

}  // namespace ctib::b2bua
