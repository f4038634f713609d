#include "numbers/bindings/rules.hpp"

#include <gtest/gtest.h>

namespace ctib::numbers::bindings {
namespace {

using namespace std::chrono_literals;
using model::Direction;
using model::Mode;
using model::Restriction;

const model::Instant kNow = model::from_epoch(1'700'000'000);
constexpr const char* kA = "+8613800000001";
constexpr const char* kB = "+8613900000001";
constexpr const char* kN = "+8613700000001";
constexpr const char* kX = "+8617100000001";

model::Binding make(Mode mode, std::string b = kB, Restriction r = Restriction::none) {
  model::Binding out;
  out.id = "b1";
  out.mode = mode;
  out.a = kA;
  out.b = std::move(b);
  out.x = kX;
  out.expires_at = kNow + 3600s;
  out.restriction = r;
  out.record = true;
  out.max_duration = 300;
  return out;
}

TEST(RouteDecision, AxbConnectsAToBAndBToAShowingX) {
  const auto to_b = decide({make(Mode::axb)}, kA, kX, "gw1");
  ASSERT_TRUE(to_b.dial);
  EXPECT_EQ(to_b.dial->callee, kB);
  EXPECT_EQ(to_b.dial->caller_id, kX);
  EXPECT_EQ(to_b.dial->gateway, "gw1");
  EXPECT_TRUE(to_b.dial->record);
  EXPECT_EQ(to_b.dial->max_duration, 300);
  EXPECT_EQ(to_b.direction, Direction::a_to_peer);
  const auto to_a = decide({make(Mode::axb)}, kB, kX, "gw1");
  ASSERT_TRUE(to_a.dial);
  EXPECT_EQ(to_a.dial->callee, kA);
  EXPECT_EQ(to_a.dial->caller_id, kX);
  EXPECT_EQ(to_a.direction, Direction::peer_to_a);
}

// AXYB (spec: "A sees B as Y, B sees A as X"): A dials Y and B sees X; B
// dials X and A sees Y; A dialling X, B dialling Y, or anyone else: refused.
TEST(RouteDecision, AxybConnectsAThroughYAndBThroughXShowingTheOther) {
  constexpr const char* kY = "+8617100000002";
  auto b = make(Mode::axyb);
  b.y = kY;
  const auto a_calls = decide({b}, kA, kY, "gw-y");
  ASSERT_TRUE(a_calls.dial);
  EXPECT_EQ(a_calls.dial->callee, kB);
  EXPECT_EQ(a_calls.dial->caller_id, kX);
  EXPECT_EQ(a_calls.direction, Direction::a_to_peer);
  EXPECT_EQ(a_calls.peer, kB);
  const auto b_calls = decide({b}, kB, kX, "gw-x");
  ASSERT_TRUE(b_calls.dial);
  EXPECT_EQ(b_calls.dial->callee, kA);
  EXPECT_EQ(b_calls.dial->caller_id, kY);
  EXPECT_EQ(b_calls.direction, Direction::peer_to_a);
  EXPECT_EQ(b_calls.peer, kB);

  const auto a_dials_x = decide({b}, kA, kX, "gw-x");
  EXPECT_FALSE(a_dials_x.dial);
  EXPECT_TRUE(a_dials_x.binding);  // a party of a binding: refused, and recorded with it
  EXPECT_FALSE(decide({b}, kB, kY, "gw-y").dial);
  EXPECT_FALSE(decide({b}, kN, kX, "gw-x").dial);
  EXPECT_FALSE(decide({b}, kN, kY, "gw-y").dial);

  b.restriction = Restriction::a_to_x_barred;
  EXPECT_FALSE(decide({b}, kA, kY, "gw-y").dial);
  EXPECT_TRUE(decide({b}, kB, kX, "gw-x").dial);
  b.restriction = Restriction::b_to_x_barred;
  EXPECT_TRUE(decide({b}, kA, kY, "gw-y").dial);
  EXPECT_FALSE(decide({b}, kB, kX, "gw-x").dial);
}

TEST(RouteDecision, OnlyAMiddleNumberOfTheBindingMayBeShown) {
  auto b = make(Mode::axyb);
  b.y = "+8617100000002";
  EXPECT_TRUE(shows_middle_number(b, kX));
  EXPECT_TRUE(shows_middle_number(b, "+8617100000002"));
  EXPECT_FALSE(shows_middle_number(b, kA));
  EXPECT_FALSE(shows_middle_number(b, kB));
  b.mode = Mode::axb;
  EXPECT_FALSE(shows_middle_number(b, "+8617100000002"));  // a Y means nothing outside AXYB
  b.y.clear();
  EXPECT_FALSE(shows_middle_number(b, ""));
}

TEST(BindRules, AxybNeedsBAndAYOfItsOwn) {
  BindRequest r;
  r.mode = Mode::axyb;
  r.a = kA;
  r.expires_at = kNow + 3600s;
  EXPECT_EQ(validate(r, kNow)->field, "b");
  r.b = kB;
  EXPECT_FALSE(validate(r, kNow));
  r.x = kX;
  r.y = kX;
  EXPECT_EQ(validate(r, kNow)->field, "y");
  r.y = kB;
  EXPECT_EQ(validate(r, kNow)->field, "y");
  r.y = "+8617100000002";
  EXPECT_FALSE(validate(r, kNow));
  r.mode = Mode::axb;
  EXPECT_EQ(validate(r, kNow)->field, "y");
}

// AXG: AXN where only the group's members reach A (the router says whether
// the caller is one); A still reaches the default B.
TEST(RouteDecision, AxgRoutesMembersToAAndRefusesOthersWithTheBinding) {
  auto g = make(Mode::axg);
  g.group_id = "grp_1";
  const auto member = decide({g}, kN, kX, "gw1", true);
  ASSERT_TRUE(member.dial);
  EXPECT_EQ(member.dial->callee, kA);
  EXPECT_EQ(member.dial->caller_id, kX);
  EXPECT_EQ(member.direction, Direction::peer_to_a);
  EXPECT_EQ(member.peer, kN);
  const auto stranger = decide({g}, kN, kX, "gw1", false);
  EXPECT_FALSE(stranger.dial);
  ASSERT_TRUE(stranger.binding);
  EXPECT_EQ(stranger.binding->id, "b1");
  EXPECT_EQ(stranger.direction, Direction::intercepted);
  const auto owner = decide({g}, kA, kX, "gw1", false);
  ASSERT_TRUE(owner.dial);
  EXPECT_EQ(owner.dial->callee, kB);
  g.restriction = Restriction::b_to_x_barred;
  EXPECT_FALSE(decide({g}, kN, kX, "gw1", true).dial);
}

TEST(BindRules, AxgNeedsItsGroup) {
  BindRequest r;
  r.mode = Mode::axg;
  r.a = kA;
  r.expires_at = kNow + 3600s;
  EXPECT_EQ(validate(r, kNow)->field, "group_id");
  r.group_id = "grp_1";
  EXPECT_FALSE(validate(r, kNow));
  r.mode = Mode::axn;
  EXPECT_EQ(validate(r, kNow)->field, "group_id");
}

TEST(RouteDecision, StrangerOrNoBindingIsRefused) {
  EXPECT_FALSE(decide({make(Mode::axb)}, kN, kX, "gw1").dial);
  EXPECT_FALSE(decide({}, kA, kX, "gw1").dial);
}

TEST(RouteDecision, PicksThePairOfTheCallerAmongSeveral) {
  auto other = make(Mode::axb);
  other.id = "b2";
  other.a = "+8613800000009";
  other.b = "+8613900000009";
  const auto d = decide({other, make(Mode::axb)}, kB, kX, "gw1");
  ASSERT_TRUE(d.dial);
  EXPECT_EQ(d.binding->id, "b1");
  EXPECT_EQ(d.dial->callee, kA);
}

TEST(RouteDecision, BarredDirectionsAreRefused) {
  EXPECT_FALSE(decide({make(Mode::axb, kB, Restriction::a_to_x_barred)}, kA, kX, "gw").dial);
  EXPECT_TRUE(decide({make(Mode::axb, kB, Restriction::a_to_x_barred)}, kB, kX, "gw").dial);
  EXPECT_FALSE(decide({make(Mode::axb, kB, Restriction::b_to_x_barred)}, kB, kX, "gw").dial);
  EXPECT_TRUE(decide({make(Mode::axb, kB, Restriction::b_to_x_barred)}, kA, kX, "gw").dial);
}

TEST(RouteDecision, AxnAnyoneReachesAAndAReachesDefaultB) {
  const auto from_n = decide({make(Mode::axn)}, kN, kX, "gw");
  ASSERT_TRUE(from_n.dial);
  EXPECT_EQ(from_n.dial->callee, kA);
  EXPECT_EQ(from_n.dial->caller_id, kX);
  EXPECT_EQ(from_n.peer, kN);
  const auto from_a = decide({make(Mode::axn)}, kA, kX, "gw");
  ASSERT_TRUE(from_a.dial);
  EXPECT_EQ(from_a.dial->callee, kB);
  EXPECT_FALSE(decide({make(Mode::axn, "")}, kA, kX, "gw").dial);
  EXPECT_FALSE(decide({make(Mode::axn, kB, Restriction::b_to_x_barred)}, kN, kX, "gw").dial);
  EXPECT_FALSE(decide({make(Mode::axn, kB, Restriction::a_to_x_barred)}, kA, kX, "gw").dial);
}

TEST(BindingValidation, BindRequestRules) {
  BindRequest r;
  r.a = kA;
  r.b = kB;
  r.expires_at = kNow + 60s;
  EXPECT_FALSE(validate(r, kNow));
  r.expires_at = kNow + 59s;
  EXPECT_EQ(validate(r, kNow)->field, "expiration");
  r.expires_at = kNow + 600s;
  r.b = kA;
  EXPECT_EQ(validate(r, kNow)->field, "b");
  r.b = "";
  EXPECT_EQ(validate(r, kNow)->field, "b");
  r.mode = Mode::axn;
  EXPECT_FALSE(validate(r, kNow));
  r.x = kA;
  EXPECT_EQ(validate(r, kNow)->field, "x");
}

TEST(BindingValidation, UpdateRules) {
  const auto b = make(Mode::axb);
  EXPECT_EQ(validate(b, UpdateRequest{std::string(kA), {}, {}}, kNow)->field, "b");
  EXPECT_EQ(validate(b, UpdateRequest{std::string(), {}, {}}, kNow)->field, "b");
  EXPECT_EQ(validate(b, UpdateRequest{{}, kNow + 10s, {}}, kNow)->field, "expiration");
  EXPECT_FALSE(validate(b, UpdateRequest{std::string(kN), kNow + 120s, Restriction::none}, kNow));
  EXPECT_FALSE(validate(make(Mode::axn), UpdateRequest{std::string(), {}, {}}, kNow));
}

}  // namespace
}  // namespace ctib::numbers::bindings
