#include "numbers/records/merge.hpp"

#include <algorithm>

namespace ctib::numbers::records {

namespace {

using model::Event;
using model::Instant;

void keep_earliest(std::optional<Instant>& slot, Instant t) { slot = slot ? std::min(*slot, t) : t; }

void fill(std::string& slot, const std::string& value) {
  if (slot.empty()) slot = value;
}

void merge_hangup(model::CallRecord& r, const Notification& n, Instant received) {
  if (n.start) keep_earliest(r.call_time, *n.start);
  if (n.answer) r.answer_time = *n.answer;  // the engine's own clock is authoritative
  r.release_time = n.end ? *n.end : r.release_time.value_or(received);
  if (n.duration) r.duration = n.duration;
  if (n.billsec) r.billsec = n.billsec;
  if (!n.cause_name.empty()) r.cause_name = n.cause_name;
  if (n.cause_q850) r.cause_q850 = n.cause_q850;
  if (n.sip_status) r.sip_status = n.sip_status;
  if (n.hangup_by) r.release_side = n.hangup_by;
  if (!n.recording.empty()) r.recording = n.recording;
  if (n.recording_ms) r.recording_ms = n.recording_ms;
}

// What a hangup decides about the bill; two hangups that agree on all of
// it are the same hangup delivered twice.
bool same_release(const model::CallRecord& a, const model::CallRecord& b) {
  return a.call_time == b.call_time && a.answer_time == b.answer_time && a.release_time == b.release_time &&
         a.duration == b.duration && a.billsec == b.billsec && a.cause_name == b.cause_name &&
         a.cause_q850 == b.cause_q850 && a.sip_status == b.sip_status && a.release_side == b.release_side &&
         a.recording == b.recording && a.recording_ms == b.recording_ms;
}

// A notification arriving after the record was released: the hangup must
// repeat the release exactly, and an answer may only confirm an answer the
// hangup reported. Ring, progress and the request only fill times still
// empty (they arrived out of order), which changes nothing that is billed.
std::optional<MergeOutcome> after_release(const model::CallRecord& r, const Notification& n, Instant received) {
  if (n.event == Event::hangup) {
    model::CallRecord again = r;
    merge_hangup(again, n, received);
    return same_release(again, r) ? MergeOutcome::duplicate : MergeOutcome::conflict;
  }
  if (n.event == Event::answer && !r.answer_time) return MergeOutcome::conflict;
  return std::nullopt;
}

}  // namespace

MergeOutcome merge(model::CallRecord& r, const Notification& n, Instant received) {
  if (r.has_seen(Event::hangup)) {
    if (const auto settled = after_release(r, n, received)) {
      if (*settled == MergeOutcome::duplicate) r.updated_at = std::max(r.updated_at, received);
      return *settled;
    }
  }
  r.uuid = n.uuid;
  r.seen |= static_cast<unsigned>(n.event);
  r.updated_at = std::max(r.updated_at, received);
  fill(r.caller, n.caller);
  fill(r.x, n.destination);
  switch (n.event) {
    case Event::request:
      keep_earliest(r.call_time, received);
      break;
    case Event::ring:
      keep_earliest(r.ring_time, received);
      break;
    case Event::progress:
      keep_earliest(r.progress_time, received);
      break;
    case Event::answer:
      if (!r.has_seen(Event::hangup) || !r.answer_time) keep_earliest(r.answer_time, received);
      break;
    case Event::hangup:
      merge_hangup(r, n, received);
      break;
  }
  // A record always has a call time, so time-range queries find it even when
  // the request notification is late.
  if (!r.call_time) r.call_time = received;
  return MergeOutcome::applied;
}

void merge_decision(model::CallRecord& r, const model::RouteDecision& d, const std::string& caller,
                    const std::string& x) {
  // The first routing request of the call decides; except that an AXE call
  // is asked for its extension over several routing requests of the same
  // uuid (decision 0026), each one recorded: the rounds that dial nobody
  // leave it intercepted, until one dials. So a dial replaces an
  // intercepted decision, never the other way round, and a second dial
  // changes nothing (the engine asks once per round; a repeat is a replay).
  if (r.direction && !(d.dial && r.direction == model::Direction::intercepted)) return;
  r.caller = caller;
  r.x = x;
  if (!d.tenant.empty()) r.tenant = d.tenant;
  if (d.binding) {
    r.binding_id = d.binding->id;
    r.out_id = d.binding->out_id;
    r.user_data = d.binding->user_data;
    r.a = d.binding->a;
    r.record = d.binding->record;
  }
  if (d.dial) {
    r.direction = d.direction;
    r.peer = d.peer;
    r.callee = d.dial->callee;
    r.extension = d.extension;
  } else {
    r.direction = model::Direction::intercepted;
    if (d.binding) r.peer = d.binding->a == caller ? d.binding->b : caller;
  }
}

}  // namespace ctib::numbers::records
