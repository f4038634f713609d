#include <algorithm>

#include "engine/events/call_journal.hpp"

namespace ctib::events {

namespace {

bool is_up(const JournalState::Call& c) { return c.start && !c.end; }

}  // namespace

template <typename Change>
void JournalState::change(const std::string& uuid, Change&& f) {
  auto it = calls_.find(uuid);
  if (it != calls_.end() && is_up(it->second)) --up_;
  f();
  it = calls_.find(uuid);
  if (it != calls_.end() && is_up(it->second)) ++up_;
}

void JournalState::apply(const JournalRecord& r) {
  last_alive_us_ = std::max(last_alive_us_, r.at_us);
  switch (r.kind) {
    case RecordKind::Start:
      // A fallback route asks a second interface: the hangup goes to the last.
      return change(r.uuid, [&] {
        Call& call = calls_[r.uuid];
        if (!call.end) call.start = r;
      });
    case RecordKind::Answer: {
      auto it = calls_.find(r.uuid);
      if (it != calls_.end() && !it->second.end) it->second.answer = r;
      return;
    }
    case RecordKind::End:
      return change(r.uuid, [&] {
        Call& call = calls_[r.uuid];
        call.start.reset();
        call.answer.reset();
        call.end = r;
      });
    case RecordKind::Done: return settle(r.uuid);
    case RecordKind::Alive: return;
  }
}

void JournalState::settle(const std::string& uuid) {
  change(uuid, [&] { calls_.erase(uuid); });
}

std::vector<JournalRecord> JournalState::snapshot() const {
  std::vector<JournalRecord> out;
  for (const auto& [uuid, call] : calls_) {
    for (const auto* r : {&call.start, &call.answer, &call.end}) {
      if (*r) out.push_back(**r);
    }
  }
  JournalRecord alive;
  alive.at_us = last_alive_us_;
  out.push_back(alive);
  return out;
}

}  // namespace ctib::events
