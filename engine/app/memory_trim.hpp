#pragma once
// Gives memory back to the system after load drops. glibc keeps freed
// memory in its heap and returns it only from the top, so after a burst of
// calls the engine's RSS stayed at its high-water mark (bench: 10,000 held
// calls, 317 MB, and still 345 MB 60 s after they all ended).
// malloc_trim(0) releases the free pages inside the heap.
//
// What triggers it is the heap, not the call count: sofia-sip keeps each
// finished transaction for 64*T1 (32 s) and frees it then, so memory is
// freed well after the calls that used it have ended - and also while
// calls are held, when the INVITE transactions of their set-up expire
// (1,000 held calls: 15.8 MB in use in a 40 MB heap). Every `period` the
// heap's free bytes are read (mallinfo2); when at least `min_free` more is
// free than after the last trim (or than the lowest reading since), the
// heap is trimmed. A trimmed heap keeps counting its released chunks as
// free, hence "more than", not "at least".
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
    std::size_t min_free = std::size_t{8} << 20;
    std::function<std::size_t()> free_bytes;  // empty: mallinfo2().fordblks; tests script it
    std::function<void()> trim;               // empty: malloc_trim(0); tests count calls instead
  };
  MemoryTrim(loop::EventLoop& loop, spdlog::logger& log, Options options);

  // What a tick decides (pure, tested): `free_now` is the heap's free bytes,
  // `floor` the fewest seen since the last trim.
  [[nodiscard]] static bool worth_trimming(std::size_t free_now, std::size_t floor, std::size_t min_free) noexcept;

 private:
  void tick();

  loop::EventLoop& loop_;
  spdlog::logger& log_;
  Options options_;
  std::size_t floor_;
  loop::Timer timer_;
};

}  // namespace ctib::app
