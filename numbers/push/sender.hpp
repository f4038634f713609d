#pragma once
// Delivers the outbox: on its event loop, claims the due items, sends them
// in signed batches over libs/http (curl multi on the same loop), deletes
// what a callback took (2xx) and reschedules the rest with back-off; an
// item that spent its retry budget is marked dead and kept for the API.
// At least once: an item is deleted only after a 2xx, so a crash or a lost
// answer sends it again, with the same idempotency key.
//
// Threads: everything on the loop thread (PushRunner's). The database calls
// block that loop, which does nothing else: routing answers run on the
// HTTP server's threads and never wait for a push (docs/push.md).
//
// Ownership: PushRunner owns it, after the loop and the client; destroying
// it cancels its timer and its requests (their handles).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string_view>

#include "libs/http/curl_multi_client.hpp"
#include "libs/loop/event_loop.hpp"
#include "numbers/model/clock.hpp"
#include "numbers/push/batch.hpp"
#include "numbers/push/options.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::push {

// Counters for /metrics; relaxed atomics, read from the admin thread.
struct PushCounters {
  std::atomic<std::uint64_t> delivered{0};  // items a callback took (2xx)
  std::atomic<std::uint64_t> failed{0};     // failed attempts of items (non-2xx, timeout, refused)
  std::atomic<std::uint64_t> dead{0};       // items that spent their budget
  std::atomic<std::uint64_t> batches{0};    // POSTs sent
};

class Sender {
 public:
  Sender(loop::EventLoop& loop, http::CurlMultiClient& client, storage::Repository& repository,
         const model::Clock& clock, const PushOptions& options, std::function<void(std::string_view)> log,
         PushCounters& counters);
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // A pass at once: items left over from the last run go first.
  void start();
  // `items` rows were committed: send within max_delay, or at once when a
  // batch is full.
  void wake(std::size_t items);

 private:
  void arm(std::chrono::milliseconds delay);
  void pass();
  void send(Batch batch);
  void done(std::uint64_t id, const Batch& batch, const http::Result& result);
  void schedule_next();

  loop::EventLoop& loop_;
  http::CurlMultiClient& client_;
  storage::Repository& repository_;
  const model::Clock& clock_;
  const PushOptions& options_;
  const std::function<void(std::string_view)> log_;
  PushCounters& counters_;
  std::mt19937_64 random_{std::random_device{}()};

  std::size_t woken_ = 0;  // items announced since the last pass
  loop::Timer timer_;
  std::chrono::milliseconds timer_at_{0};  // loop time the timer fires
  std::uint64_t next_request_ = 0;
  std::map<std::uint64_t, http::RequestHandle> in_flight_;
};

}  // namespace ctib::numbers::push
