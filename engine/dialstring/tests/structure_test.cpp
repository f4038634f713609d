// Groups, legs, limits, empty elements, enterprise branches, error texts.

#include "engine/dialstring/tests/helpers.hpp"

namespace ctib::dialstring {
namespace {

using causes::HangupCause;
using test::as_map;
using test::must_fail;
using test::must_parse;
using test::VarMap;

std::string legs(std::size_t n, char delim) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += delim;
    out += "sofia/gateway/g/" + std::to_string(i);
  }
  return out;
}

TEST(DialStringStructure, NoOriginationUrl) {
  EXPECT_EQ(must_fail("").message, "No origination URL specified");
  EXPECT_EQ(must_fail("").position, 0u);
  EXPECT_EQ(must_fail("   ").position, 3u);
  EXPECT_EQ(must_fail("{a=1}").position, 5u);
  EXPECT_EQ(must_fail("<a=1>{b=2}   ").message, "No origination URL specified");
  EXPECT_EQ(must_fail("<a=1>{b=2}   ").position, 13u);
}

TEST(DialStringStructure, MaxPeersParallelLegs) {
  const DialPlan plan = must_parse(legs(128, ','));
  ASSERT_EQ(plan.branches.size(), 1u);
  ASSERT_EQ(plan.branches[0].groups.size(), 1u);
  ASSERT_EQ(plan.branches[0].groups[0].legs.size(), 128u);
  EXPECT_EQ(std::get<GatewayTarget>(plan.branches[0].groups[0].legs[127].target).number, "127");

  const std::string too_many = legs(129, ',');
  const ParseError error = must_fail(too_many);
  EXPECT_NE(error.message.find("MAX_PEERS"), std::string::npos);
  EXPECT_EQ(error.position, too_many.rfind("sofia/"));
}

TEST(DialStringStructure, MaxPeersGroupsAndBranches) {
  EXPECT_EQ(must_parse(legs(128, '|')).branches[0].groups.size(), 128u);
  EXPECT_NE(must_fail(legs(129, '|')).message.find("failover groups"), std::string::npos);
  std::string branches;
  for (int i = 0; i < 129; ++i) branches += (i ? ":_:" : "") + std::string("error/17");
  EXPECT_NE(must_fail(branches).message.find("enterprise"), std::string::npos);
}

TEST(DialStringStructure, EscapedCommaAndPipeDoNotSplit) {
  const DialPlan plan = must_parse("sofia/gateway/g/1\\,2\\|3");
  ASSERT_EQ(plan.branches[0].groups.size(), 1u);
  ASSERT_EQ(plan.branches[0].groups[0].legs.size(), 1u);
  EXPECT_EQ(std::get<GatewayTarget>(plan.branches[0].groups[0].legs[0].target).number, "1,2|3");
}

TEST(DialStringStructure, EmptyLegIsChanNotImplemented) {
  const DialPlan plan = must_parse("sofia/gateway/g/1,,sofia/gateway/g/2,");
  ASSERT_EQ(plan.branches[0].groups.size(), 1u);
  const auto& group_legs = plan.branches[0].groups[0].legs;
  ASSERT_EQ(group_legs.size(), 3u);  // the trailing ',' adds none
  const auto& empty = std::get<FailTarget>(group_legs[1].target);
  EXPECT_EQ(empty.cause, HangupCause::CHAN_NOT_IMPLEMENTED);
  EXPECT_EQ(empty.detail, "empty leg: no endpoint");
}

TEST(DialStringStructure, EmptyGroupsRingNothingAndAreDropped) {
  const DialPlan plan = must_parse("sofia/gateway/g/1|| |sofia/gateway/g/2|");
  ASSERT_EQ(plan.branches[0].groups.size(), 2u);
  EXPECT_EQ(must_fail("|").message, "Empty dial string: no leg to dial");
  EXPECT_EQ(must_fail("{a=1} | ").position, 6u);
}

// "^^X" at the start of any split input changes its delimiter, the `|` and
// `,` splits included.
TEST(DialStringStructure, CaretDelimiterOnGroupAndLegSplits) {
  const DialPlan groups = must_parse("^^;sofia/gateway/a/1;sofia/gateway/b/1");
  EXPECT_EQ(groups.branches[0].groups.size(), 2u);
  const DialPlan plan = must_parse("sofia/gateway/x/1|^^;sofia/gateway/a/1;sofia/gateway/b/1");
  ASSERT_EQ(plan.branches[0].groups.size(), 2u);
  EXPECT_EQ(plan.branches[0].groups[1].legs.size(), 2u);
}

TEST(DialStringStructure, GlobalsReachEveryLegOfEveryGroup) {
  const DialPlan plan = must_parse("{a=1}sofia/gateway/g/1,[b=2]sofia/gateway/g/2|user/1000");
  const Branch& branch = plan.branches[0];
  ASSERT_EQ(branch.groups.size(), 2u);
  EXPECT_EQ(as_map(branch.groups[0].legs[0].variables), (VarMap{{"a", "1"}}));
  EXPECT_EQ(as_map(branch.groups[0].legs[1].variables), (VarMap{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(as_map(branch.groups[1].legs[0].variables), (VarMap{{"a", "1"}}));
}

TEST(DialStringStructure, EnterpriseBranchesHaveTheirOwnGroups) {
  const DialPlan plan = must_parse(" <t=1> sofia/gateway/a/1|sofia/gateway/a/2 :_: {u=3}user/1000,user/1001");
  ASSERT_EQ(plan.branches.size(), 2u);
  EXPECT_EQ(plan.branches[0].groups.size(), 2u);
  ASSERT_EQ(plan.branches[1].groups.size(), 1u);
  EXPECT_EQ(plan.branches[1].groups[0].legs.size(), 2u);
  EXPECT_EQ(plan.branches[0].global_vars.get("t"), "1");
  EXPECT_FALSE(plan.branches[0].global_vars.contains("u"));
}

TEST(DialStringStructure, EnterpriseForcesIgnoreEarlyMediaBranchMayOverride) {
  const DialPlan plan =
      must_parse("<ignore_early_media=false>sofia/gateway/a/1:_:{ignore_early_media=ring_ready}sofia/gateway/b/1");
  ASSERT_EQ(plan.branches.size(), 2u);
  EXPECT_EQ(plan.branches[0].global_vars.get("ignore_early_media"), "true");
  EXPECT_EQ(plan.branches[1].global_vars.get("ignore_early_media"), "ring_ready");
}

TEST(DialStringStructure, EnterpriseBranchMayHaveItsOwnUltraGlobals) {
  const DialPlan plan = must_parse("sofia/gateway/a/1:_:<v=1>sofia/gateway/b/1");
  ASSERT_EQ(plan.branches.size(), 2u);
  EXPECT_FALSE(plan.branches[0].global_vars.contains("v"));
  EXPECT_EQ(plan.branches[1].global_vars.get("v"), "1");
}

TEST(DialStringStructure, EnterpriseEmptyBranchIsAnError) {
  const std::string text = "sofia/gateway/a/1:_:  ";
  const ParseError error = must_fail(text);
  EXPECT_EQ(error.message, "No origination URL specified");
  EXPECT_EQ(error.position, text.size());
}

TEST(DialStringStructure, EnterpriseSplitsEvenInsideBraces) {
  // FreeSWITCH looks for ":_:" in the raw text; here it cuts `{a=x` open.
  EXPECT_EQ(must_fail("{a=x:_:y}sofia/gateway/g/1").position, 0u);
}

TEST(DialStringStructure, EnterpriseUltraGlobalNestedVarsFlag) {
  const DialPlan plan = must_parse("<origination_nested_vars=1>{a=${x}}user/1:_:{a=${y}}user/2");
  ASSERT_EQ(plan.branches.size(), 2u);
  EXPECT_EQ(plan.branches[0].groups[0].legs[0].variables.get("a"), "${x}");
  EXPECT_EQ(plan.branches[1].groups[0].legs[0].variables.get("a"), "${y}");
  const DialPlan single = must_parse("<origination_nested_vars=1>{a=${x}}user/1");
  EXPECT_FALSE(single.branches[0].groups[0].legs[0].variables.contains("a"));
}

TEST(DialStringStructure, TextEndsAtNulByte) {
  const std::string text("sofia/gateway/g/1\0,user/1000", 29);
  const DialPlan plan = must_parse(text);
  ASSERT_EQ(plan.branches[0].groups[0].legs.size(), 1u);
  EXPECT_EQ(plan.branches[0].groups[0].legs[0].text, "sofia/gateway/g/1");
  EXPECT_EQ(must_fail(std::string("\0sofia/gateway/g/1", 18)).message, "No origination URL specified");
}

TEST(DialStringStructure, ParseIsDeterministic) {
  const char* text = "<t=1>{a=1}[b=2]sofia/internal/1000@h,[c=3]user/1000|error/17:_:sofia/gateway/g/1";
  const DialPlan a = must_parse(text);
  const DialPlan b = must_parse(text);
  ASSERT_EQ(a.branches.size(), b.branches.size());
  for (std::size_t i = 0; i < a.branches.size(); ++i) {
    EXPECT_EQ(a.branches[i].global_vars, b.branches[i].global_vars);
    ASSERT_EQ(a.branches[i].groups.size(), b.branches[i].groups.size());
    for (std::size_t g = 0; g < a.branches[i].groups.size(); ++g) {
      ASSERT_EQ(a.branches[i].groups[g].legs.size(), b.branches[i].groups[g].legs.size());
      for (std::size_t l = 0; l < a.branches[i].groups[g].legs.size(); ++l) {
        EXPECT_EQ(a.branches[i].groups[g].legs[l].target, b.branches[i].groups[g].legs[l].target);
        EXPECT_EQ(a.branches[i].groups[g].legs[l].variables, b.branches[i].groups[g].legs[l].variables);
      }
    }
  }
}

}  // namespace
}  // namespace ctib::dialstring
