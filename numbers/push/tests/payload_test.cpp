#include "numbers/push/payload.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ctib::numbers::push {
namespace {

using model::Event;
using nlohmann::json;

model::CallRecord answered_call() {
  model::CallRecord r;
  r.uuid = "c0ffee";
  r.binding_id = "bnd_1";
  r.out_id = "order-9";
  r.a = "+8613800000001";
  r.x = "+8617100000001";
  r.peer = "+8613900000001";
  r.caller = r.a;
  r.callee = r.peer;
  r.direction = model::Direction::a_to_peer;
  r.call_time = model::from_epoch(1'700'000'000);
  r.ring_time = model::from_epoch(1'700'000'002);
  r.answer_time = model::from_epoch(1'700'000'005);
  r.release_time = model::from_epoch(1'700'000'065);
  r.duration = 65;
  r.billsec = 60;
  r.release_side = model::ReleaseSide::callee;
  r.cause_name = "NORMAL_CLEARING";
  r.cause_q850 = 16;
  r.sip_status = 200;
  return r;
}

TEST(Payload, EventNamesFollowHuawei) {
  EXPECT_EQ(event_name(Event::request), "callin");
  EXPECT_EQ(event_name(Event::ring), "alerting");
  EXPECT_EQ(event_name(Event::answer), "answer");
  EXPECT_EQ(event_name(Event::hangup), "disconnect");
  EXPECT_FALSE(event_name(Event::progress).has_value());
}

TEST(Payload, EventCarriesItsKeyTimeAndTheCall) {
  const auto e = json::parse(event_payload(answered_call(), Event::ring, model::from_epoch(1'700'000'003)));
  EXPECT_EQ(e["type"], "event");
  EXPECT_EQ(e["event"], "alerting");
  EXPECT_EQ(e["idempotency_key"], "c0ffee:alerting");
  EXPECT_EQ(e["event_time"], "2023-11-14T22:13:22Z");  // the record's ring time, not the receipt
  EXPECT_EQ(e["uuid"], "c0ffee");
  EXPECT_EQ(e["binding_id"], "bnd_1");
  EXPECT_EQ(e["out_id"], "order-9");
  EXPECT_TRUE(e["user_data"].is_null());
  EXPECT_EQ(e["direction"], "a_to_peer");
  EXPECT_FALSE(e.contains("release_cause"));
}

TEST(Payload, DisconnectHasTheRelease) {
  const auto e = json::parse(event_payload(answered_call(), Event::hangup, model::from_epoch(1'700'000'070)));
  EXPECT_EQ(e["event"], "disconnect");
  EXPECT_EQ(e["event_time"], "2023-11-14T22:14:25Z");
  EXPECT_EQ(e["release_cause"]["name"], "NORMAL_CLEARING");
  EXPECT_EQ(e["release_cause"]["q850"], 16);
  EXPECT_EQ(e["release_direction"], "callee");
  EXPECT_EQ(e["billsec"], 60);
}

TEST(Payload, RecordHasEveryRecordField) {
  const auto r = json::parse(record_payload(answered_call()));
  EXPECT_EQ(r["type"], "record");
  EXPECT_EQ(r["idempotency_key"], "c0ffee:record");
  for (const char* field : {"uuid",
                            "binding_id",
                            "out_id",
                            "user_data",
                            "a",
                            "x",
                            "peer",
                            "caller",
                            "callee",
                            "direction",
                            "record",
                            "call_time",
                            "ring_time",
                            "progress_time",
                            "answer_time",
                            "release_time",
                            "duration",
                            "billsec",
                            "release_direction",
                            "release_cause",
                            "sip_status",
                            "recording",
                            "tenant",
                            "transferred_to",
                            "transfer_time"}) {
    EXPECT_TRUE(r.contains(field)) << field;
  }
  EXPECT_EQ(r["answer_time"], "2023-11-14T22:13:25Z");
  EXPECT_EQ(r["duration"], 65);
  EXPECT_TRUE(r["progress_time"].is_null());
  EXPECT_TRUE(r["transferred_to"].is_null());  // not transferred (decision 0027)
}

}  // namespace
}  // namespace ctib::numbers::push
