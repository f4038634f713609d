#include "numbers/records/merge.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

namespace ctib::numbers::records {
namespace {

using namespace std::chrono_literals;
using model::Event;

const model::Instant kT0 = model::from_epoch(1'700'000'000);

Notification note(Event e) {
  Notification n;
  n.event = e;
  n.uuid = "u1";
  n.caller = "+8613800000001";
  n.destination = "+8617100000001";
  if (e == Event::hangup) {
    n.start = kT0;
    n.answer = kT0 + 8s;
    n.end = kT0 + 68s;
    n.duration = 68;
    n.billsec = 60;
    n.cause_name = "NORMAL_CLEARING";
    n.cause_q850 = 16;
    n.sip_status = 200;
    n.hangup_by = model::ReleaseSide::callee;
  }
  return n;
}

model::RouteDecision dialled() {
  model::Binding b;
  b.id = "bnd_1";
  b.a = "+8613800000001";
  b.b = "+8613900000001";
  b.x = "+8617100000001";
  b.out_id = "order-1";
  model::RouteDecision d;
  d.binding = b;
  d.dial = model::Dial{"gw", b.b, b.x, false, 0, ""};
  d.direction = model::Direction::a_to_peer;
  d.peer = b.b;
  return d;
}

// Each event arrives at its own receipt time; `order` says in which order
// they are merged (duplicates included).
model::CallRecord assemble(const std::vector<Event>& order) {
  model::CallRecord r;
  for (Event e : order) {
    const auto received = kT0 + std::chrono::seconds(static_cast<int>(e));
    merge(r, note(e), received);
    if (e == Event::request) merge_decision(r, dialled(), "+8613800000001", "+8617100000001");
  }
  return r;
}

bool same(const model::CallRecord& a, const model::CallRecord& b) {
  return a.seen == b.seen && a.call_time == b.call_time && a.ring_time == b.ring_time &&
         a.progress_time == b.progress_time && a.answer_time == b.answer_time && a.release_time == b.release_time &&
         a.duration == b.duration && a.billsec == b.billsec && a.binding_id == b.binding_id &&
         a.direction == b.direction && a.cause_q850 == b.cause_q850 && a.release_side == b.release_side &&
         a.peer == b.peer && a.callee == b.callee && a.updated_at == b.updated_at;
}

TEST(RecordMerge, InOrderCallGetsEveryField) {
  const auto r = assemble({Event::request, Event::ring, Event::progress, Event::answer, Event::hangup});
  EXPECT_EQ(r.seen, 31u);
  EXPECT_EQ(r.binding_id, "bnd_1");
  EXPECT_EQ(r.out_id, "order-1");
  EXPECT_EQ(r.direction, model::Direction::a_to_peer);
  EXPECT_EQ(r.peer, "+8613900000001");
  EXPECT_EQ(r.call_time, kT0);
  EXPECT_EQ(r.answer_time, kT0 + 8s);
  EXPECT_EQ(r.release_time, kT0 + 68s);
  EXPECT_EQ(r.billsec, 60);
  EXPECT_EQ(r.release_side, model::ReleaseSide::callee);
  EXPECT_EQ(r.cause_name, "NORMAL_CLEARING");
}

TEST(RecordMerge, DuplicatesAndEveryOrderGiveTheSameRecord) {
  std::array<Event, 5> events{Event::request, Event::ring, Event::progress, Event::answer, Event::hangup};
  const auto reference = assemble({events.begin(), events.end()});
  std::sort(events.begin(), events.end());
  do {
    std::vector<Event> order(events.begin(), events.end());
    order.push_back(events[0]);  // a duplicate, late
    order.insert(order.begin(), events[4]);  // and one early
    EXPECT_TRUE(same(assemble(order), reference));
  } while (std::next_permutation(events.begin(), events.end()));
}

TEST(RecordMerge, RefusedCallIsIntercepted) {
  model::CallRecord r;
  merge(r, note(Event::request), kT0);
  model::RouteDecision refused;
  refused.reason = "no live binding on X";
  merge_decision(r, refused, "+8613700000001", "+8617100000001");
  EXPECT_EQ(r.direction, model::Direction::intercepted);
  EXPECT_TRUE(r.binding_id.empty());
  EXPECT_TRUE(r.callee.empty());
  EXPECT_EQ(r.x, "+8617100000001");
}

TEST(RecordMerge, ReleasedRecordRefusesAConflictingHangup) {
  model::CallRecord r = assemble({Event::request, Event::answer, Event::hangup});
  const model::CallRecord released = r;
  Notification late = note(Event::hangup);
  late.cause_name = "USER_BUSY";
  late.cause_q850 = 17;
  late.sip_status = 486;
  late.start = kT0 + 100s;
  late.billsec = 0;
  EXPECT_EQ(merge(r, late, kT0 + 200s), MergeOutcome::conflict);
  EXPECT_TRUE(same(r, released));
  EXPECT_EQ(r.cause_name, "NORMAL_CLEARING");
  EXPECT_EQ(r.sip_status, 200);
  // Each field alone is enough to refuse it.
  Notification only_billsec = note(Event::hangup);
  only_billsec.billsec = 61;
  EXPECT_EQ(merge(r, only_billsec, kT0 + 201s), MergeOutcome::conflict);
  EXPECT_EQ(r.billsec, 60);
}

TEST(RecordMerge, ReleasedRecordTakesAnIdenticalHangupAsADuplicate) {
  model::CallRecord r = assemble({Event::request, Event::hangup});
  EXPECT_EQ(merge(r, note(Event::hangup), kT0 + 300s), MergeOutcome::duplicate);
  EXPECT_EQ(r.billsec, 60);
  // Out of order, after the release: fills only what is not billed.
  EXPECT_EQ(merge(r, note(Event::ring), kT0 + 301s), MergeOutcome::applied);
  EXPECT_EQ(merge(r, note(Event::answer), kT0 + 302s), MergeOutcome::applied);
  EXPECT_EQ(r.answer_time, kT0 + 8s);
}

TEST(RecordMerge, TheHangupsRecordingIsKeptAndFinal) {
  model::CallRecord r = assemble({Event::request});
  Notification h = note(Event::hangup);
  h.recording = "u1.wav";
  h.recording_ms = 59'980;
  EXPECT_EQ(merge(r, h, kT0 + 70s), MergeOutcome::applied);
  EXPECT_EQ(r.recording, "u1.wav");
  EXPECT_EQ(r.recording_ms, 59'980);
  EXPECT_EQ(merge(r, h, kT0 + 71s), MergeOutcome::duplicate);
  Notification longer = h;
  longer.recording_ms = 60'000;
  EXPECT_EQ(merge(r, longer, kT0 + 72s), MergeOutcome::conflict);
  EXPECT_EQ(r.recording_ms, 59'980);
}

TEST(RecordMerge, AnswerAfterAnUnansweredReleaseIsAConflict) {
  model::CallRecord r;
  Notification unanswered = note(Event::hangup);
  unanswered.answer.reset();
  unanswered.billsec = 0;
  unanswered.cause_name = "NO_ANSWER";
  EXPECT_EQ(merge(r, unanswered, kT0 + 70s), MergeOutcome::applied);
  EXPECT_EQ(merge(r, note(Event::answer), kT0 + 71s), MergeOutcome::conflict);
  EXPECT_FALSE(r.answer_time.has_value());
}

}  // namespace
}  // namespace ctib::numbers::records
