#include <gtest/gtest.h>

#include "engine/routing/decision.hpp"

namespace ctib::routing {
namespace {

using dialstring::DialPlan;
using dialstring::Leg;

RouteDecision decision(std::string_view body) {
  auto r = decode_answer(body);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? std::move(*r) : RouteDecision{};
}

const Leg& only_leg(const DialPlan& plan) {
  EXPECT_EQ(plan.branches.size(), 1u);
  EXPECT_EQ(plan.branches.at(0).groups.size(), 1u);
  EXPECT_EQ(plan.branches.at(0).groups.at(0).legs.size(), 1u);
  return plan.branches.at(0).groups.at(0).legs.at(0);
}

TEST(ToPlan, GatewayIsOneTypedLegWithVariablesInBothScopes) {
  const DialPlan plan = to_plan(decision(
      R"({"variables": {"origination_caller_id_number": "123", "absolute_codec_string": "PCMA,PCMU"},
          "dial": {"type": "gateway", "number": "123456", "gateway": "gw"}})"));
  const Leg& leg = only_leg(plan);
  ASSERT_TRUE(std::holds_alternative<dialstring::GatewayTarget>(leg.target));
  EXPECT_EQ(std::get<dialstring::GatewayTarget>(leg.target), (dialstring::GatewayTarget{"gw", "123456", "", ""}));
  EXPECT_EQ(leg.text, "sofia/gateway/gw/123456");
  EXPECT_EQ(plan.branches[0].global_vars.get("absolute_codec_string"), "PCMA,PCMU");
  EXPECT_EQ(leg.variables.get("origination_caller_id_number"), "123");
  EXPECT_TRUE(leg.leg_vars.empty());
  EXPECT_FALSE(plan.enterprise());
}

TEST(ToPlan, IpIsProfileTargetWithSipUri) {
  const DialPlan plan = to_plan(decision(
      R"({"dial": {"type": "ip", "number": "123456", "ip": "192.0.2.10:5060", "sofia": "external"}})"));
  const Leg& leg = only_leg(plan);
  ASSERT_TRUE(std::holds_alternative<dialstring::ProfileTarget>(leg.target));
  const auto& t = std::get<dialstring::ProfileTarget>(leg.target);
  EXPECT_EQ(t.profile, "external");
  EXPECT_EQ(t.uri.scheme, "sip");
  EXPECT_EQ(t.uri.user, "123456");
  EXPECT_EQ(t.uri.host, "192.0.2.10");
  EXPECT_EQ(t.uri.port, std::optional<std::uint16_t>(5060));
  EXPECT_EQ(t.uri.params, "");
  EXPECT_EQ(leg.text, "sofia/external/123456@192.0.2.10:5060");
}

TEST(ToPlan, IpWithIpv6AndParams) {
  const DialPlan plan = to_plan(decision(
      R"({"dial": {"type": "ip", "number": "9", "ip": "[2001:db8::1]:5070;transport=tcp", "sofia": "ext"}})"));
  const Leg& leg = only_leg(plan);
  const auto& t = std::get<dialstring::ProfileTarget>(leg.target);
  EXPECT_EQ(t.uri.host, "[2001:db8::1]");
  EXPECT_EQ(t.uri.params, ";transport=tcp");
  EXPECT_EQ(t.uri.transport(), "tcp");
  EXPECT_EQ(leg.text, "sofia/ext/9@[2001:db8::1]:5070;transport=tcp");
}

TEST(ToPlan, UserIsUserTargetWithNumberAsToUser) {
  const DialPlan plan = to_plan(decision(R"({"dial": {"type": "user", "number": "123456", "user": "1000"}})"));
  const Leg& leg = only_leg(plan);
  ASSERT_TRUE(std::holds_alternative<dialstring::UserTarget>(leg.target));
  EXPECT_EQ(std::get<dialstring::UserTarget>(leg.target), (dialstring::UserTarget{"1000", "", "123456"}));
  EXPECT_EQ(leg.text, "user/1000");
}

TEST(ToPlan, DialstringKeepsItsPlanUnderJsonVariables) {
  const DialPlan plan = to_plan(decision(
      R"({"variables": {"a": "json", "b": "json", "origination_caller_id_number": "json"},
          "dial": {"type": "dialstring",
                   "dialstring": "{a=own}[b=leg,origination_caller_id_number=leg]sofia/gateway/g1/1,sofia/gateway/g2/2"}})"));
  ASSERT_EQ(plan.branches.size(), 1u);
  const auto& branch = plan.branches[0];
  EXPECT_EQ(branch.global_vars.get("a"), "own");   // the dial string's {} wins
  EXPECT_EQ(branch.global_vars.get("b"), "json");  // JSON fills the rest of {}
  ASSERT_EQ(branch.groups.size(), 1u);
  ASSERT_EQ(branch.groups[0].legs.size(), 2u);
  const Leg& first = branch.groups[0].legs[0];
  const Leg& second = branch.groups[0].legs[1];
  EXPECT_EQ(first.variables.get("a"), "own");
  // As in FreeSWITCH with `{...json...}` prepended: `{}` wins on the channel...
  EXPECT_EQ(first.variables.get("b"), "json");
  // ...except for what the originate event decides, where `[]` wins.
  EXPECT_EQ(first.variables.get("origination_caller_id_number"), "leg");
  EXPECT_EQ(second.variables.get("origination_caller_id_number"), "json");
  EXPECT_EQ(second.variables.get("a"), "own");
  EXPECT_EQ(second.variables.get("b"), "json");
  EXPECT_EQ(first.leg_vars.get("b"), "leg");
  EXPECT_FALSE(second.leg_vars.contains("b"));
}

TEST(ToPlan, DialstringEnterpriseBranchesAllGetVariables) {
  const DialPlan plan = to_plan(decision(
      R"({"variables": {"v": "1"},
          "dial": {"type": "dialstring", "dialstring": "sofia/gateway/a/1:_:sofia/gateway/b/1"}})"));
  ASSERT_EQ(plan.branches.size(), 2u);
  for (const auto& branch : plan.branches) {
    EXPECT_EQ(branch.global_vars.get("v"), "1");
    EXPECT_EQ(branch.groups.at(0).legs.at(0).variables.get("v"), "1");
  }
}

TEST(ToPlan, JsonValuesHoldingVariablesAreRefusedLikeInBraces) {
  const DialPlan plan = to_plan(decision(
      R"({"variables": {"a": "${x}", "b": "1"}, "dial": {"type": "gateway", "gateway": "gw", "number": "1"}})"));
  const Leg& leg = only_leg(plan);
  EXPECT_FALSE(leg.variables.contains("a"));
  EXPECT_EQ(leg.variables.get("b"), "1");
  EXPECT_EQ(leg.refused_vars, std::vector<std::string>{"a"});
}

TEST(ToPlan, OriginationNestedVarsAllowsThem) {
  const DialPlan plan = to_plan(decision(
      R"({"variables": {"a": "${x}", "origination_nested_vars": true},
          "dial": {"type": "gateway", "gateway": "gw", "number": "1"}})"));
  const Leg& leg = only_leg(plan);
  EXPECT_EQ(leg.variables.get("a"), "${x}");
  EXPECT_TRUE(leg.refused_vars.empty());
}

TEST(ToPlan, HangupIsErrorLegWithRecordedCause) {
  const DialPlan plan = to_plan(decision(R"({"dial": {"type": "hangup", "sipcode": 486}})"));
  const Leg& leg = only_leg(plan);
  ASSERT_TRUE(std::holds_alternative<dialstring::FailTarget>(leg.target));
  EXPECT_EQ(std::get<dialstring::FailTarget>(leg.target).cause, causes::HangupCause::USER_BUSY);
  EXPECT_EQ(leg.text, "error/USER_BUSY");
}

}  // namespace
}  // namespace ctib::routing
