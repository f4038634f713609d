// freeswitch-semantics §1.8: every test vector, asserted in full.

#include "engine/dialstring/tests/helpers.hpp"

namespace ctib::dialstring {
namespace {

using causes::HangupCause;
using test::as_map;
using test::must_parse;
using test::VarMap;

GatewayTarget gateway(std::string gw, std::string number) { return GatewayTarget{std::move(gw), std::move(number), "", ""}; }

// `{a=1,b=2}sofia/gateway/g1/100`: 1 group, 1 leg, global a=1, b=2.
TEST(DialStringVectors, GlobalBlockWithTwoVariables) {
  const DialPlan plan = must_parse("{a=1,b=2}sofia/gateway/g1/100");
  ASSERT_EQ(plan.branches.size(), 1u);
  EXPECT_FALSE(plan.enterprise());
  const Branch& branch = plan.branches[0];
  EXPECT_EQ(as_map(branch.global_vars), (VarMap{{"a", "1"}, {"b", "2"}}));
  ASSERT_EQ(branch.groups.size(), 1u);
  ASSERT_EQ(branch.groups[0].legs.size(), 1u);
  const Leg& leg = branch.groups[0].legs[0];
  EXPECT_TRUE(leg.leg_vars.empty());
  EXPECT_EQ(as_map(leg.variables), (VarMap{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(std::get<GatewayTarget>(leg.target), gateway("g1", "100"));
  EXPECT_EQ(leg.text, "sofia/gateway/g1/100");
}

// `{a=1}[b=2]sofia/x/1@h,[b=3]sofia/x/2@h`: 2 parallel legs, b per leg, a on both.
TEST(DialStringVectors, PerLegBlocksOnParallelLegs) {
  const DialPlan plan = must_parse("{a=1}[b=2]sofia/x/1@h,[b=3]sofia/x/2@h");
  ASSERT_EQ(plan.branches.size(), 1u);
  const Branch& branch = plan.branches[0];
  EXPECT_EQ(as_map(branch.global_vars), (VarMap{{"a", "1"}}));
  ASSERT_EQ(branch.groups.size(), 1u);
  const auto& legs = branch.groups[0].legs;
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(as_map(legs[0].leg_vars), (VarMap{{"b", "2"}}));
  EXPECT_EQ(as_map(legs[1].leg_vars), (VarMap{{"b", "3"}}));
  EXPECT_EQ(as_map(legs[0].variables), (VarMap{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(as_map(legs[1].variables), (VarMap{{"a", "1"}, {"b", "3"}}));
  EXPECT_EQ(std::get<ProfileTarget>(legs[0].target), (ProfileTarget{"x", SipUri{"sip", "1", "h", {}, ""}, ""}));
  EXPECT_EQ(std::get<ProfileTarget>(legs[1].target), (ProfileTarget{"x", SipUri{"sip", "2", "h", {}, ""}, ""}));
  EXPECT_EQ(legs[0].text, "sofia/x/1@h");
  EXPECT_EQ(legs[1].text, "sofia/x/2@h");
}

// `sofia/gateway/g1/1|sofia/gateway/g2/1`: 2 failover groups.
TEST(DialStringVectors, PipeMakesFailoverGroups) {
  const DialPlan plan = must_parse("sofia/gateway/g1/1|sofia/gateway/g2/1");
  ASSERT_EQ(plan.branches.size(), 1u);
  const auto& groups = plan.branches[0].groups;
  ASSERT_EQ(groups.size(), 2u);
  ASSERT_EQ(groups[0].legs.size(), 1u);
  ASSERT_EQ(groups[1].legs.size(), 1u);
  EXPECT_EQ(std::get<GatewayTarget>(groups[0].legs[0].target), gateway("g1", "1"));
  EXPECT_EQ(std::get<GatewayTarget>(groups[1].legs[0].target), gateway("g2", "1"));
  EXPECT_TRUE(plan.branches[0].global_vars.empty());
}

// `{x=1\,2}error/USER_BUSY|sofia/gateway/g/1`: leg 1 fails at once with 17, then group 2; x=`1,2`.
TEST(DialStringVectors, ErrorLegThenFailover) {
  const DialPlan plan = must_parse("{x=1\\,2}error/USER_BUSY|sofia/gateway/g/1");
  ASSERT_EQ(plan.branches.size(), 1u);
  const Branch& branch = plan.branches[0];
  EXPECT_EQ(as_map(branch.global_vars), (VarMap{{"x", "1,2"}}));
  ASSERT_EQ(branch.groups.size(), 2u);
  ASSERT_EQ(branch.groups[0].legs.size(), 1u);
  const auto& fail = std::get<FailTarget>(branch.groups[0].legs[0].target);
  EXPECT_EQ(fail.cause, HangupCause::USER_BUSY);
  EXPECT_EQ(causes::number(fail.cause), 17);
  ASSERT_EQ(branch.groups[1].legs.size(), 1u);
  EXPECT_EQ(std::get<GatewayTarget>(branch.groups[1].legs[0].target), gateway("g", "1"));
  EXPECT_EQ(as_map(branch.groups[1].legs[0].variables), (VarMap{{"x", "1,2"}}));
}

// `[^^:sip_h_X-L=a,b:leg_timeout=10]sofia/gateway/g/1`: sip_h_X-L=`a,b`, leg_timeout=10.
TEST(DialStringVectors, CustomDelimiterInLegBlock) {
  const DialPlan plan = must_parse("[^^:sip_h_X-L=a,b:leg_timeout=10]sofia/gateway/g/1");
  ASSERT_EQ(plan.branches.size(), 1u);
  ASSERT_EQ(plan.branches[0].groups.size(), 1u);
  ASSERT_EQ(plan.branches[0].groups[0].legs.size(), 1u);
  const Leg& leg = plan.branches[0].groups[0].legs[0];
  const VarMap expected{{"sip_h_X-L", "a,b"}, {"leg_timeout", "10"}};
  EXPECT_EQ(as_map(leg.leg_vars), expected);
  EXPECT_EQ(as_map(leg.variables), expected);
  EXPECT_TRUE(plan.branches[0].global_vars.empty());
  EXPECT_EQ(std::get<GatewayTarget>(leg.target), gateway("g", "1"));
}

// `{^^;a=1,2;b=3}user/1000`: a=`1,2`, b=3.
TEST(DialStringVectors, CustomDelimiterInGlobalBlock) {
  const DialPlan plan = must_parse("{^^;a=1,2;b=3}user/1000");
  ASSERT_EQ(plan.branches.size(), 1u);
  EXPECT_EQ(as_map(plan.branches[0].global_vars), (VarMap{{"a", "1,2"}, {"b", "3"}}));
  ASSERT_EQ(plan.branches[0].groups.size(), 1u);
  ASSERT_EQ(plan.branches[0].groups[0].legs.size(), 1u);
  const Leg& leg = plan.branches[0].groups[0].legs[0];
  EXPECT_EQ(std::get<UserTarget>(leg.target), (UserTarget{"1000", "", ""}));
  EXPECT_EQ(as_map(leg.variables), (VarMap{{"a", "1,2"}, {"b", "3"}}));
}

// `<t=1>{u=2}sofia/gateway/a/1:_:{u=3}sofia/gateway/b/1`: 2 branches, t=1 in
// both, u=2 / u=3 (and ignore_early_media=true, which enterprise forces).
TEST(DialStringVectors, EnterpriseBranchesShareUltraGlobals) {
  const DialPlan plan = must_parse("<t=1>{u=2}sofia/gateway/a/1:_:{u=3}sofia/gateway/b/1");
  ASSERT_EQ(plan.branches.size(), 2u);
  EXPECT_TRUE(plan.enterprise());
  EXPECT_EQ(as_map(plan.branches[0].global_vars),
            (VarMap{{"t", "1"}, {"u", "2"}, {"ignore_early_media", "true"}}));
  EXPECT_EQ(as_map(plan.branches[1].global_vars),
            (VarMap{{"t", "1"}, {"u", "3"}, {"ignore_early_media", "true"}}));
  for (std::size_t b = 0; b < 2; ++b) {
    ASSERT_EQ(plan.branches[b].groups.size(), 1u);
    ASSERT_EQ(plan.branches[b].groups[0].legs.size(), 1u);
  }
  EXPECT_EQ(std::get<GatewayTarget>(plan.branches[0].groups[0].legs[0].target), gateway("a", "1"));
  EXPECT_EQ(std::get<GatewayTarget>(plan.branches[1].groups[0].legs[0].target), gateway("b", "1"));
  EXPECT_EQ(plan.branches[1].groups[0].legs[0].variables.get("u"), "3");
}

// `{a=1}{a=}sofia/…`: a deleted.
TEST(DialStringVectors, EmptyValueDeletes) {
  const DialPlan plan = must_parse("{a=1}{a=}sofia/gateway/g/1");
  ASSERT_EQ(plan.branches.size(), 1u);
  EXPECT_TRUE(plan.branches[0].global_vars.empty());
  ASSERT_EQ(plan.branches[0].groups.size(), 1u);
  ASSERT_EQ(plan.branches[0].groups[0].legs.size(), 1u);
  EXPECT_TRUE(plan.branches[0].groups[0].legs[0].variables.empty());
}

}  // namespace
}  // namespace ctib::dialstring
