#pragma once
// Gives memory back to the system after load drops. glibc keeps freed
// memory in its arenas and returns it only from the top of each heap, so
// after a burst of calls the engine's RSS stayed at its high-water mark
// (bench: 10,000 held calls, 317 MB, and still 345 MB 60 s after they all
// ended). malloc_trim(0) releases the free pages inside every arena.
//
// It runs on the loop and walks the heaps, so it runs only when it pays:
// every `period`, if the calls in progress fell to at most half of their
// peak since the last trim (and by at least `min_drop` calls), or to none.
//
// Threading: loop thread only. Ownership: the composition root; destroy it
// before the loop.

#include <spdlog/logger.h>

#include <chrono>
#include <cstddef>
#include <functional>

#include "libs/loop/event_loop.hpp"

namespace ctib::app {

class MemoryTrim {
 public:
  struct Options {
    std::chrono::milliseconds period = std::chrono::seconds(10);
    std::size_t min_drop = 100;
    std::function<void()> trim;  // empty: malloc_trim(0); tests count calls instead
  };
  MemoryTrim(loop::EventLoop& loop, std::function<std::size_t()> calls, spdlog::logger& log, Options options);

  // What a tick decides, for a peak and a current count (pure, tested).
  [[nodiscard]] static bool worth_trimming(std::size_t peak, std::size_t now, std::size_t min_drop) noexcept;

 private:
  void tick();

  loop::EventLoop& loop_;
  std::function<std::size_t()> calls_;
  spdlog::logger& log_;
  Options options_;
  std::size_t peak_ = 0;
  bool dirty_ = false;  // calls were seen since the last trim
  loop::Timer timer_;
};

}  // namespace ctib::app
