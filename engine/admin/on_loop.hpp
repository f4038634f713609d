#pragma once
// Runs a piece of work on the engine loop from the admin thread and waits
// for its result, at most `limit` (docs/admin-api.md: a loop that does not
// answer within 2 s gives 503).
//
// Lifetime: the work and its result live in a shared state that the posted
// task and the waiting handler both hold, so a task that runs after the
// handler gave up writes into that state and nothing else. The work must
// therefore capture by value, or references to objects that outlive the
// loop's run (the Switch and the other components main owns) — never the
// handler's request or locals.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "libs/loop/event_loop.hpp"

namespace ctib::admin {

inline constexpr std::chrono::milliseconds kLoopAnswerLimit{2000};

template <class T>
std::optional<T> on_loop(loop::EventLoop& loop, std::function<T()> work,
                         std::chrono::milliseconds limit = kLoopAnswerLimit) {
  struct Shared {
    std::mutex mutex;
    std::condition_variable done;
    std::optional<T> result;  // GUARDED_BY mutex
  };
  auto shared = std::make_shared<Shared>();
  loop.post([shared, work = std::move(work)] {
    // No exception may cross the loop: a throwing view is a failed request.
    std::optional<T> value;
    try {
      value = work();
    } catch (...) {
      return;
    }
    std::lock_guard lock(shared->mutex);
    shared->result = std::move(value);
    shared->done.notify_one();
  });
  std::unique_lock lock(shared->mutex);
  if (!shared->done.wait_for(lock, limit, [&] { return shared->result.has_value(); })) return std::nullopt;
  return std::move(shared->result);
}

}  // namespace ctib::admin
