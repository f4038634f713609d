#include "engine/registrar/bindings.hpp"

#include <gtest/gtest.h>

namespace ctib::registrar {
namespace {

using std::chrono::seconds;

BindingUpdate update(std::string call_id, std::uint32_t cseq, std::vector<ContactUpdate> contacts) {
  BindingUpdate u;
  u.aor = "1000@example.com";
  u.profile = "internal";
  u.call_id = std::move(call_id);
  u.cseq = cseq;
  u.contacts = std::move(contacts);
  u.received_ip = "198.51.100.7";
  u.received_port = 40000;
  u.transport = "udp";
  return u;
}

TEST(Bindings, TwoContactsThenRefreshAndExpiry) {
  Registrations r;
  TimePoint t0{seconds(1000)};
  std::vector<Change> ch;
  ASSERT_EQ(r.apply(update("a", 1, {{"sip:1000@10.0.0.1:5062", 60}}), t0, ch), UpdateResult::ok);
  ASSERT_EQ(r.apply(update("b", 1, {{"sip:1000@10.0.0.2:5064", 120}}), t0, ch), UpdateResult::ok);
  EXPECT_EQ(ch.size(), 2u);
  auto live = r.lookup("1000@example.com", t0 + seconds(30), ch);
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].received_ip, "198.51.100.7");
  ch.clear();
  live = r.lookup("1000@example.com", t0 + seconds(61), ch);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].contact, "sip:1000@10.0.0.2:5064");
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].kind, Change::Kind::remove);
}

TEST(Bindings, ListedByProfileWithoutExpiredOnes) {
  Registrations r;
  TimePoint t0{seconds(1000)};
  std::vector<Change> ch;
  ASSERT_EQ(r.apply(update("a", 1, {{"sip:1000@10.0.0.1:5062", 60}}), t0, ch), UpdateResult::ok);
  BindingUpdate other = update("b", 1, {{"sip:1001@10.0.0.2:5064", 120}});
  other.aor = "1001@example.com";
  other.profile = "external";
  ASSERT_EQ(r.apply(other, t0, ch), UpdateResult::ok);
  auto internal = r.on_profile("internal", t0 + seconds(10));
  ASSERT_EQ(internal.size(), 1u);
  EXPECT_EQ(internal[0].aor, "1000@example.com");
  EXPECT_EQ(r.on_profile("external", t0 + seconds(10)).size(), 1u);
  EXPECT_TRUE(r.on_profile("internal", t0 + seconds(61)).empty());
  EXPECT_EQ(r.size(), 2u);  // only listed, not dropped
}

TEST(Bindings, UnregisterOneAndWildcard) {
  Registrations r;
  TimePoint t0{seconds(1000)};
  std::vector<Change> ch;
  r.apply(update("a", 1, {{"sip:1000@10.0.0.1", 60}, {"sip:1000@10.0.0.2", 60}}), t0, ch);
  r.apply(update("a", 2, {{"sip:1000@10.0.0.1", 0}}), t0, ch);
  EXPECT_EQ(r.lookup("1000@example.com", t0, ch).size(), 1u);
  BindingUpdate star = update("a", 3, {});
  star.wildcard = true;
  ch.clear();
  EXPECT_EQ(r.apply(star, t0, ch), UpdateResult::ok);
  EXPECT_EQ(ch.size(), 1u);
  EXPECT_EQ(r.size(), 0u);
}

TEST(Bindings, OutOfOrderCSeqChangesNothing) {
  Registrations r;
  TimePoint t0{seconds(1000)};
  std::vector<Change> ch;
  r.apply(update("a", 5, {{"sip:1000@10.0.0.1", 60}}), t0, ch);
  ch.clear();
  EXPECT_EQ(r.apply(update("a", 5, {{"sip:1000@10.0.0.1", 0}}), t0, ch), UpdateResult::out_of_order);
  EXPECT_TRUE(ch.empty());
  EXPECT_EQ(r.size(), 1u);
  // Host case does not make a new binding.
  EXPECT_EQ(r.apply(update("a", 6, {{"SIP:1000@10.0.0.1", 90}}), t0, ch), UpdateResult::ok);
  EXPECT_EQ(r.size(), 1u);
}

TEST(Bindings, PerUserLimit) {
  Registrations r(2);
  TimePoint t0{seconds(1000)};
  std::vector<Change> ch;
  EXPECT_EQ(r.apply(update("a", 1, {{"sip:a@h1", 60}, {"sip:a@h2", 60}}), t0, ch), UpdateResult::ok);
  EXPECT_EQ(r.apply(update("b", 1, {{"sip:a@h3", 60}}), t0, ch), UpdateResult::too_many);
  EXPECT_EQ(r.size(), 2u);
}

TEST(Bindings, RestoreSkipsExpiredAndPurge) {
  Registrations r;
  TimePoint t0{seconds(1000)};
  Binding live{"1000@d", "sip:x@h", "internal", "c", 1, t0 + seconds(10), "1.2.3.4", 5060, "udp", ""};
  Binding dead = live;
  dead.contact = "sip:y@h";
  dead.expires_at = t0 - seconds(1);
  r.restore(live, t0);
  r.restore(dead, t0);
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(r.purge(t0 + seconds(11)).size(), 1u);
  EXPECT_EQ(r.size(), 0u);
}

}  // namespace
}  // namespace ctib::registrar
