#include "engine/app/memory_trim.hpp"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
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

MemoryTrim::MemoryTrim(loop::EventLoop& loop, spdlog::logger& log, Options options)
    : loop_(loop), log_(log), options_(std::move(options)) {
  if (!options_.trim) options_.trim = [] { malloc_trim(0); };
  // mallinfo2 sums every arena; it walks the free lists, which is why it is
  // read every `period`, not per call.
  if (!options_.free_bytes) options_.free_bytes = [] { return static_cast<std::size_t>(mallinfo2().fordblks); };
  floor_ = options_.free_bytes();
  timer_ = loop_.start_timer(options_.period, [this] { tick(); });
}

bool MemoryTrim::worth_trimming(std::size_t free_now, std::size_t floor, std::size_t min_free) noexcept {
  return free_now >= floor && free_now - floor >= min_free;
}

void MemoryTrim::tick() {
  const std::size_t free_now = options_.free_bytes();
  if (worth_trimming(free_now, floor_, options_.min_free)) {
    // /proc is read only for the debug line: two file reads per trim are
    // not worth it when nobody looks.
    const bool report = log_.should_log(spdlog::level::debug);
    const long before = report ? rss_kib() : 0;
    options_.trim();
    if (report) log_.debug("memory: trimmed {} KiB of free heap: RSS {} -> {} KiB", free_now / 1024, before, rss_kib());
    floor_ = options_.free_bytes();
  } else {
    floor_ = std::min(floor_, free_now);
  }
  timer_ = loop_.start_timer(options_.period, [this] { tick(); });
}

}  // namespace ctib::app
