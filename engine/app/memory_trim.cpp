#include "engine/app/memory_trim.hpp"

#include <malloc.h>
#include <unistd.h>

#include <cstdio>

namespace ctib::app {

namespace {

// Resident set size in KiB, from /proc/self/statm (0 if unreadable).
long rss_kib() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long size = 0;
  long resident = 0;
  const int n = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  return n == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : 0;
}

}  // namespace

MemoryTrim::MemoryTrim(loop::EventLoop& loop, std::function<std::size_t()> calls, spdlog::logger& log,
                       Options options)
    : loop_(loop), calls_(std::move(calls)), log_(log), options_(std::move(options)) {
  if (!options_.trim) options_.trim = [] { malloc_trim(0); };
  timer_ = loop_.start_timer(options_.period, [this] { tick(); });
}

bool MemoryTrim::worth_trimming(std::size_t peak, std::size_t now, std::size_t min_drop) noexcept {
  if (now > peak) return false;
  const std::size_t dropped = peak - now;
  if (now == 0) return dropped > 0;
  return dropped >= min_drop && now <= peak / 2;
}

void MemoryTrim::tick() {
  const std::size_t now = calls_();
  if (now > peak_) peak_ = now;
  if (now > 0) dirty_ = true;
  // An engine that had calls and now has none trims once, however few.
  const bool idle_again = now == 0 && dirty_;
  if (idle_again || worth_trimming(peak_, now, options_.min_drop)) {
    // /proc is read only for the debug line: two file reads per trim are
    // not worth it when nobody looks.
    if (log_.should_log(spdlog::level::debug)) {
      const long before = rss_kib();
      options_.trim();
      const long after = rss_kib();
      log_.debug("memory: trimmed after calls fell from {} to {}: RSS {} -> {} KiB", peak_, now, before, after);
    } else {
      options_.trim();
    }
    peak_ = now;
    dirty_ = now > 0;
  }
  timer_ = loop_.start_timer(options_.period, [this] { tick(); });
}

}  // namespace ctib::app
