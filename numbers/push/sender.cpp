#include "numbers/push/sender.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "numbers/push/backoff.hpp"

namespace ctib::numbers::push {

namespace {

using namespace std::chrono_literals;

// With nothing due, the outbox is still looked at this often: items another
// instance enqueued, or re-sent through another instance's API.
constexpr std::chrono::milliseconds kIdlePoll = 10s;
// After a database failure.
constexpr std::chrono::milliseconds kStorageRetry = 1s;

std::string describe(const http::Result& result) {
  if (result) return "HTTP " + std::to_string(result->status);
  return std::string(http::to_string(result.error().reason)) + ": " + result.error().detail;
}

}  // namespace

Sender::Sender(loop::EventLoop& loop, http::CurlMultiClient& client, storage::Repository& repository,
               const model::Clock& clock, const PushOptions& options,
               std::function<void(std::string_view)> log, PushCounters& counters)
    : loop_(loop),
      client_(client),
      repository_(repository),
      clock_(clock),
      options_(options),
      log_(std::move(log)),
      counters_(counters) {}

void Sender::start() {
  arm(0ms);
}

void Sender::wake(std::size_t items) {
  woken_ += items;
  arm(woken_ >= options_.batch_size ? 0ms : options_.max_delay);
}

void Sender::arm(std::chrono::milliseconds delay) {
  const auto at = loop_.now() + delay;
  // An earlier deadline already set covers this one.
  if (timer_.pending() && timer_at_ <= at) return;
  timer_at_ = at;
  timer_ = loop_.start_timer(delay, [this] { pass(); });
}

void Sender::pass() {
  timer_.cancel();
  woken_ = 0;
  if (in_flight_.size() >= options_.max_in_flight) return;  // a completion passes again
  const auto room =
      static_cast<std::int64_t>((options_.max_in_flight - in_flight_.size()) * options_.batch_size);
  const model::Instant now = clock_.now();
  // An item in flight is leased past its request's timeout; if this
  // process dies meanwhile, the item is due again after the lease.
  const auto lease = std::chrono::ceil<std::chrono::seconds>(options_.timeout) + 5s;
  std::vector<storage::PushItem> due;
  try {
    auto session = repository_.begin(storage::SessionKind::records);
    due = session->claim_push(now, now + lease, room);
    session->commit();
  } catch (const std::exception& e) {
    log_(std::string("push: outbox not read: ") + e.what());
    arm(kStorageRetry);
    return;
  }
  const bool more = static_cast<std::int64_t>(due.size()) == room;
  for (Batch& batch : make_batches(std::move(due), options_.batch_size)) send(std::move(batch));
  // With a full claim there may be more due: the completions pass again.
  if (!more || in_flight_.empty()) schedule_next();
}

void Sender::send(Batch batch) {
  const std::uint64_t id = ++next_request_;
  const auto timestamp = model::to_epoch(clock_.now());
  http::Request request = build_request(batch, options_, timestamp);
  counters_.batches.fetch_add(1, std::memory_order_relaxed);
  // The handle is kept until the callback: destroying the Sender cancels
  // every request, and no callback then runs.
  in_flight_.emplace(
      id, client_.send(std::move(request), [this, id, batch = std::move(batch)](http::Result result) {
        done(id, batch, result);
      }));
}

void Sender::done(std::uint64_t id, const Batch& batch, const http::Result& result) {
  in_flight_.erase(id);
  const bool delivered = result && result->status >= 200 && result->status < 300;
  const model::Instant now = clock_.now();
  const std::string error = delivered ? std::string() : describe(result);
  std::uint64_t dead = 0;
  try {
    auto session = repository_.begin(storage::SessionKind::records);
    for (const storage::PushItem& item : batch) {
      if (delivered) {
        session->delete_push(item.id);
        continue;
      }
      const std::int64_t failures = item.attempts + 1;
      const bool spent = failures >= options_.max_attempts;
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      session->fail_push(item.id, now + retry_delay(failures, options_, unit(random_)), error, spent);
      if (spent) ++dead;
    }
    session->commit();
  } catch (const std::exception& e) {
    // The lease runs out and the items are sent again: at least once.
    log_(std::string("push: outcome of a batch not written: ") + e.what());
  }
  if (delivered) {
    counters_.delivered.fetch_add(batch.size(), std::memory_order_relaxed);
  } else {
    counters_.failed.fetch_add(batch.size(), std::memory_order_relaxed);
    counters_.dead.fetch_add(dead, std::memory_order_relaxed);
    log_("push: " + std::to_string(batch.size()) + " item(s) to " + batch.front().url + " not delivered (" +
         error + ")" +
         (dead > 0 ? "; " + std::to_string(dead) + " dead after " + std::to_string(options_.max_attempts) +
                         " attempts"
                   : ""));
  }
  pass();
}

void Sender::schedule_next() {
  std::optional<model::Instant> due;
  try {
    due = repository_.begin(storage::SessionKind::read)->next_push_due();
  } catch (const std::exception& e) {
    log_(std::string("push: outbox not read: ") + e.what());
    arm(kStorageRetry);
    return;
  }
  if (!due) {
    arm(kIdlePoll);
    return;
  }
  const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*due - clock_.now());
  // Not below 50 ms: an item due but held by another instance (SKIP
  // LOCKED) must not make this a busy loop.
  arm(std::clamp(wait, 50ms, kIdlePoll));
}

}  // namespace ctib::numbers::push
