#include "engine/events/notifier.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "libs/logging/call_log.hpp"

namespace ctib::events {

namespace {

routing::HangupBy to_wire(call::HangupBy by) {
  switch (by) {
    case call::HangupBy::Caller: return routing::HangupBy::Caller;
    case call::HangupBy::Callee: return routing::HangupBy::Callee;
    case call::HangupBy::System: return routing::HangupBy::System;
  }
  return routing::HangupBy::System;
}

routing::Action to_action(call::Progress p) {
  switch (p) {
    case call::Progress::Ring: return routing::Action::Ring;
    case call::Progress::EarlyMedia: return routing::Action::Progress;
    case call::Progress::Answer: return routing::Action::Answer;
  }
  return routing::Action::Ring;
}

std::int64_t to_us(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace

routing::HangupReport to_report(const call::CallRecord& record) {
  routing::HangupReport r;
  r.uuid = record.uuid;
  r.cause = record.cause;
  if (record.sip_term_status > 0) r.sip_term_status = record.sip_term_status;
  r.start = record.start;
  r.answer = record.answer;
  r.end = record.end;
  r.caller_id_number = record.caller_id_number;
  r.destination_number = record.destination_number;
  r.dialed = record.dialed;
  r.hangup_by = to_wire(record.hangup_by);
  r.record_file = record.record_file;
  r.record_ms = record.record_ms;
  return r;
}

Notifier::Notifier(loop::EventLoop& loop, NotificationTransport& transport, Spool& spool, spdlog::logger& log,
                   RetryPolicy retry)
    : loop_(loop), transport_(transport), spool_(spool), log_(log), policy_(retry) {
  if (!spool_.journaled()) return;
  // Runs on the spool's writer thread: only a post crosses to the loop.
  spool_.set_on_committed([this, alive = std::weak_ptr<bool>(alive_)](Committed c) {
    loop_.post([this, alive, c = std::move(c)] {
      if (alive.expired()) return;
      committed(c);
    });
  });
}

Notifier::~Notifier() {
  if (spool_.journaled()) spool_.set_on_committed(nullptr);
  *alive_ = false;
}

void Notifier::replay() {
  const Recovery& recovery = spool_.recovery();
  for (const auto& line : recovery.skipped) log_.error("call journal: {}", line);
  for (const auto& uuid : recovery.crashed) {
    log_.warn("[{}] call journal: the call was up when the engine stopped: hangup CRASH spooled", uuid);
  }
  for (const auto& uuid : recovery.ended) {
    log_.warn("[{}] call journal: hangup not proven delivered before the engine stopped: spooled again", uuid);
  }
  auto spooled = spool_.load([this](const std::string& file) {
    log_.error("spool: unreadable notification moved aside: {}.bad", file);
  });
  for (auto& n : spooled) {
    std::string id = n.id;
    if (pending_.contains(id)) continue;
    logging::call_log(log_, spdlog::level::info, id, "spool: replaying undelivered hangup notification");
    pending_.emplace(id, Pending{std::move(n), policy_.first, 0, {}});
    deliver(id);
  }
}

void Notifier::on_routing(const call::CallRecord& call) {
  if (!spool_.journaled()) return;
  JournalRecord r;
  r.uuid = call.uuid;
  if (!call.route.notify) {
    // A fallback route without notifications: the call will send no hangup,
    // so a start journalled for the first route must not outlive it.
    r.kind = RecordKind::Done;
    spool_.record(std::move(r));
    return;
  }
  r.kind = RecordKind::Start;
  r.route = call.route;
  r.caller_id_number = call.caller_id_number;
  r.destination_number = call.destination_number;
  r.start_us = to_us(call.start);
  spool_.record(std::move(r));
}

void Notifier::on_progress(const call::CallRecord& call, call::Progress p) {
  if (!call.route.notify) return;
  if (p == call::Progress::Answer && spool_.journaled() && call.answer) {
    JournalRecord r;
    r.kind = RecordKind::Answer;
    r.uuid = call.uuid;
    r.answer_us = to_us(*call.answer);
    r.dialed = call.dialed;
    spool_.record(std::move(r));
  }
  routing::CallInfo info;
  info.uuid = call.uuid;
  info.caller_id_number = call.caller_id_number;
  info.caller_id_name = call.caller_id_name;
  info.destination_number = call.destination_number;
  routing::Action action = to_action(p);
  auto request = routing::build_progress_notification(call.route, action, info);
  in_order(call.uuid, [this, request = std::move(request), route = call.route, uuid = call.uuid, action] {
    std::weak_ptr<bool> alive = alive_;
    transport_.send(request, route.connect_timeout, route.response_timeout,
                    [this, alive, uuid, action](const Delivery& d) {
                      if (alive.expired()) return;
                      if (report_) report_(uuid, routing::name(action), 1, d);
                      if (!d.ok) {
                        logging::call_log(log_, spdlog::level::warn, uuid, "notify {}: not delivered: {}", routing::name(action), d.detail);
                      }
                      sent(uuid);
                    });
  });
}

void Notifier::on_hangup(const call::CallRecord& record) {
  if (!record.route.notify) return;
  SpooledNotification n{record.uuid, routing::build_hangup_notification(record.route, to_report(record)),
                        record.route.connect_timeout, record.route.response_timeout};
  spool_.store(n);
  const bool durable = !spool_.journaled();
  pending_.insert_or_assign(record.uuid, Pending{std::move(n), policy_.first, 0, {}, durable});
  if (durable) in_order(record.uuid, [this, uuid = record.uuid] { deliver(uuid); });
}

void Notifier::committed(const Committed& c) {
  // A failed journal write does not hold hangups back: they are sent and
  // retried from memory as before the journal, and the loss of durability
  // is logged.
  if (!c.error.empty()) log_.error("call journal: {}", c.error);
  for (const auto& uuid : c.ids) {
    auto it = pending_.find(uuid);
    if (it == pending_.end() || it->second.durable) continue;
    it->second.durable = true;
    in_order(uuid, [this, uuid] { deliver(uuid); });
  }
}

void Notifier::in_order(const std::string& uuid, std::function<void()> send) {
  auto [it, idle] = chains_.try_emplace(uuid);
  if (!idle) {
    it->second.next.push_back(std::move(send));
    return;
  }
  send();
}

void Notifier::sent(const std::string& uuid) {
  auto it = chains_.find(uuid);
  if (it == chains_.end()) return;  // a replayed hangup: not chained
  if (it->second.next.empty()) {
    chains_.erase(it);
    return;
  }
  auto send = std::move(it->second.next.front());
  it->second.next.pop_front();
  send();
}

void Notifier::deliver(const std::string& id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  ++p.attempts;
  std::weak_ptr<bool> alive = alive_;
  transport_.send(p.n.request, p.n.connect_timeout, p.n.total_timeout, [this, alive, id](const Delivery& d) {
    if (alive.expired()) return;
    delivered(id, d);
  });
}

void Notifier::delivered(const std::string& id, const Delivery& result) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  if (report_) report_(id, "hangup", p.attempts, result);
  // The hangup is a call's last notification: once its first attempt is over
  // the call's chain is done; retries need not hold anything up.
  if (p.attempts == 1) sent(id);
  if (result.ok) {
    if (p.attempts > 1) logging::call_log(log_, spdlog::level::info, id, "notify hangup: delivered after {} attempts", p.attempts);
    spool_.remove(id);
    pending_.erase(it);
    return;
  }
  auto delay = p.next_delay;
  p.next_delay = std::min(p.next_delay * 2, policy_.max);
  logging::call_log(log_, spdlog::level::warn, id, "notify hangup: not delivered ({}), attempt {}, retry in {} ms",
                    result.detail, p.attempts, delay.count());
  p.retry = loop_.start_timer(delay, [this, id] { deliver(id); });
}

}  // namespace ctib::events
