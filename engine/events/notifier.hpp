#pragma once
// Sends the call-progress notifications of cti-bridge-protocol §5.
//
// ring / progress / answer: one attempt each, never retried (the call core
// reports each at most once; a lost one is logged). hangup: stored in the
// Spool first, then sent, retried with exponential backoff until a 2xx, and
// removed from the spool only then. Notifications never delay a call: the
// call core hands the record over and moves on.
//
// Per call, notifications leave in the order they happened: the next one is
// sent only when the previous one's first attempt has completed (answered,
// failed or timed out). Each request may use its own connection, so sent
// back to back an `answer` could otherwise reach the interface after the
// call's `hangup` (seen in the SIPp suite). Calls do not wait for each other.
//
// With the spool's call journal on, the hangup's first attempt waits until
// the journal's end record is on disk (Spool::set_on_committed): a hangup the
// interface has seen is never followed, after a crash, by a CRASH hangup for
// the same call. on_routing and the answer add the journal's start and
// answer records (docs/decisions/0006-call-journal.md).
//
// Threading: loop thread only (the committed handler posts to the loop). Ownership: the composition root owns the
// Notifier; it must be destroyed before the loop, the transport and the spool.

#include <spdlog/logger.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "engine/call/ports.hpp"
#include "engine/events/spool.hpp"
#include "engine/events/transport.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::events {

struct RetryPolicy {
  std::chrono::milliseconds first{1000};
  std::chrono::milliseconds max{60000};
};

class Notifier final : public call::CallObserver {
 public:
  Notifier(loop::EventLoop& loop, NotificationTransport& transport, Spool& spool, spdlog::logger& log,
           RetryPolicy retry = {});
  ~Notifier() override;
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Queues for delivery every hangup notification a previous run left in
  // the spool. Call once, on the loop, at start.
  void replay();

  void on_routing(const call::CallRecord& call) override;
  void on_progress(const call::CallRecord& call, call::Progress p) override;
  void on_hangup(const call::CallRecord& record) override;

  // Called on the loop after every delivery attempt: the call's uuid, the
  // action ("ring", "hangup", ...), the attempt number (1 for the first)
  // and the result. The composition root puts it on the call's timeline.
  using DeliveryReport = std::function<void(const std::string& uuid, std::string_view action, int attempt,
                                            const Delivery& result)>;
  void on_delivery(DeliveryReport report) { report_ = std::move(report); }

  // Hangup notifications not yet delivered.
  [[nodiscard]] std::size_t pending() const noexcept { return pending_.size(); }

 private:
  struct Pending {
    SpooledNotification n;
    std::chrono::milliseconds next_delay;
    int attempts = 0;
    loop::Timer retry;
    bool durable = true;  // false: waiting for the journal's end record
  };
  void committed(const Committed& c);
  void deliver(const std::string& id);
  void delivered(const std::string& id, const Delivery& result);
  // Runs `send` now if nothing of call `uuid` is in flight, else after it.
  void in_order(const std::string& uuid, std::function<void()> send);
  // The in-flight notification of call `uuid` completed: send its next one.
  void sent(const std::string& uuid);

  // Per call with a notification in flight: those waiting behind it.
  struct Chain {
    std::deque<std::function<void()>> next;
  };

  loop::EventLoop& loop_;
  NotificationTransport& transport_;
  Spool& spool_;
  spdlog::logger& log_;
  RetryPolicy policy_;
  std::map<std::string, Pending> pending_;  // by call uuid
  std::map<std::string, Chain> chains_;     // by call uuid; absent = nothing in flight
  // Transport callbacks may arrive after we are gone; they check this first.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  DeliveryReport report_;  // may be empty
};

// The hangup notification fields from a finished call (epochs, billsec, ...).
routing::HangupReport to_report(const call::CallRecord& record);

}  // namespace ctib::events
