// Variable blocks through parse(): the §1.3 comma table, escaping, quotes,
// ^^, deletion, duplicates, block placement and bracket errors.

#include "engine/dialstring/tests/helpers.hpp"

namespace ctib::dialstring {
namespace {

using causes::HangupCause;
using test::as_map;
using test::must_fail;
using test::must_parse;
using test::single_leg;
using test::VarMap;

VarMap globals_of(std::string_view text) {
  const DialPlan plan = must_parse(text);
  return plan.branches.empty() ? VarMap{} : as_map(plan.branches[0].global_vars);
}

VarMap leg_vars_of(std::string_view text) {
  auto leg = single_leg(text);
  return leg ? as_map(leg->leg_vars) : VarMap{};
}

// §1.3 "Commas inside values": the robust forms all give PCMA,PCMU.
TEST(DialStringBlocks, CommaInGlobalBlockEscaped) {
  EXPECT_EQ(globals_of("{absolute_codec_string=PCMA\\,PCMU}sofia/gateway/g/1"),
            (VarMap{{"absolute_codec_string", "PCMA,PCMU"}}));
}

TEST(DialStringBlocks, CommaInGlobalBlockWithCaretDelimiter) {
  EXPECT_EQ(globals_of("{^^:absolute_codec_string=PCMA,PCMU:origination_caller_id_number=123}sofia/gateway/g/1"),
            (VarMap{{"absolute_codec_string", "PCMA,PCMU"}, {"origination_caller_id_number", "123"}}));
}

TEST(DialStringBlocks, CommaInGlobalBlockQuoted) {
  EXPECT_EQ(globals_of("{absolute_codec_string='PCMA,PCMU'}sofia/gateway/g/1"),
            (VarMap{{"absolute_codec_string", "PCMA,PCMU"}}));
}

TEST(DialStringBlocks, CommaInUltraGlobalBlockEscaped) {
  EXPECT_EQ(globals_of("<absolute_codec_string=PCMA\\,PCMU>sofia/gateway/g/1"),
            (VarMap{{"absolute_codec_string", "PCMA,PCMU"}}));
}

TEST(DialStringBlocks, CommaInLegBlockEscaped) {
  EXPECT_EQ(leg_vars_of("[sip_h_X-A=1\\,2]sofia/gateway/g/1"), (VarMap{{"sip_h_X-A", "1,2"}}));
}

TEST(DialStringBlocks, CommaInLegBlockWithCaretDelimiter) {
  EXPECT_EQ(leg_vars_of("[^^:sip_h_X-A=1,2:leg_timeout=10]sofia/gateway/g/1"),
            (VarMap{{"sip_h_X-A", "1,2"}, {"leg_timeout", "10"}}));
}

// The `|` split already removed the quotes, so the pre-pass splits at the
// comma: x=a, and "b" (no '=') is dropped. §1.3 calls this form fragile.
TEST(DialStringBlocks, QuotedCommaInLegBlockIsFragile) {
  EXPECT_EQ(leg_vars_of("[x='a,b']sofia/gateway/g/1"), (VarMap{{"x", "a"}}));
}

TEST(DialStringBlocks, SeveralLegBlocksAndCommasBetweenLegs) {
  const DialPlan plan = must_parse("[a=1,b=2][c=3]sofia/gateway/g/1,[d=4]sofia/gateway/g/2");
  ASSERT_EQ(plan.branches.size(), 1u);
  ASSERT_EQ(plan.branches[0].groups.size(), 1u);
  const auto& legs = plan.branches[0].groups[0].legs;
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(as_map(legs[0].leg_vars), (VarMap{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
  EXPECT_EQ(as_map(legs[1].leg_vars), (VarMap{{"d", "4"}}));
}

TEST(DialStringBlocks, PipeInsideLegValueNeedsEscape) {
  EXPECT_EQ(leg_vars_of("[a=1\\|2]sofia/gateway/g/1"), (VarMap{{"a", "1|2"}}));
  // Unescaped, the `|` split cuts the block in two: "[a=1" never closes.
  EXPECT_EQ(must_fail("[a=1|2]sofia/gateway/g/1").position, 0u);
}

// `{}` is taken off before the `|` split, so a `|` there is plain text.
TEST(DialStringBlocks, PipeInsideGlobalValueIsPlain) {
  EXPECT_EQ(globals_of("{a=1|2}sofia/gateway/g/1"), (VarMap{{"a", "1|2"}}));
}

TEST(DialStringBlocks, EscapesInValues) {
  EXPECT_EQ(globals_of("{a=x\\sy,b=1\\n2,c=\\t,d=q\\'s}sofia/gateway/g/1"),
            (VarMap{{"a", "x y"}, {"b", "1\n2"}, {"c", "\t"}, {"d", "q's"}}));
  // Each split unescapes once: `{}` values go through two, so "\\\\" is one backslash.
  EXPECT_EQ(globals_of("{a=\\\\\\\\,b=\\x}sofia/gateway/g/1"), (VarMap{{"a", "\\"}, {"b", "\\x"}}));
}

TEST(DialStringBlocks, EqualsSplitAtTheFirstOnly) {
  EXPECT_EQ(globals_of("{sip_invite_params=a=b;c=d}sofia/gateway/g/1"), (VarMap{{"sip_invite_params", "a=b;c=d"}}));
}

TEST(DialStringBlocks, QuotesAndTrimming) {
  EXPECT_EQ(globals_of("{ a = 1 , b = 'x y' , c=it's }sofia/gateway/g/1"),
            (VarMap{{"a", "1"}, {"b", "x y"}, {"c", "it's"}}));
  // The `=` split trims again after the quotes are gone: edge spaces are lost.
  EXPECT_EQ(globals_of("{a=' x '}sofia/gateway/g/1"), (VarMap{{"a", "x"}}));
  // An escape that survives the block split becomes the space after trimming.
  EXPECT_EQ(globals_of("{a=\\\\sx\\\\s}sofia/gateway/g/1"), (VarMap{{"a", " x "}}));
}

TEST(DialStringBlocks, ItemWithoutEqualsOrNameIsIgnored) {
  EXPECT_EQ(globals_of("{flag,a=1,=2,,}sofia/gateway/g/1"), (VarMap{{"a", "1"}}));
}

TEST(DialStringBlocks, EmptyValueDeletesAcrossBlocksAndInsideOne) {
  EXPECT_EQ(globals_of("{a=1,b=2,a=}sofia/gateway/g/1"), (VarMap{{"b", "2"}}));
  EXPECT_EQ(globals_of("<a=1>{a= }sofia/gateway/g/1"), VarMap{});
  EXPECT_EQ(leg_vars_of("[a=1][a=]sofia/gateway/g/1"), VarMap{});
}

TEST(DialStringBlocks, LaterDuplicateReplaces) {
  EXPECT_EQ(globals_of("{a=1,a=2}{a=3}sofia/gateway/g/1"), (VarMap{{"a", "3"}}));
  EXPECT_EQ(globals_of("<a=1>{a=2}sofia/gateway/g/1"), (VarMap{{"a", "2"}}));
  EXPECT_EQ(leg_vars_of("[a=1,a=2]sofia/gateway/g/1"), (VarMap{{"a", "2"}}));
}

TEST(DialStringBlocks, SeveralBlocksAlsoSeparatedBySpaces) {
  EXPECT_EQ(globals_of("  <a=1> <b=2>{c=3} {d=4}  sofia/gateway/g/1"),
            (VarMap{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}));
  EXPECT_EQ(leg_vars_of("[a=1] [b=2]  sofia/gateway/g/1"), (VarMap{{"a", "1"}, {"b", "2"}}));
}

TEST(DialStringBlocks, CaretDelimiterIsPerBlock) {
  EXPECT_EQ(globals_of("{^^|a=1,2|b=3}{c=4,d=5}sofia/gateway/g/1"),
            (VarMap{{"a", "1,2"}, {"b", "3"}, {"c", "4"}, {"d", "5"}}));
  EXPECT_EQ(globals_of("{^^ a=1,2 b=3}sofia/gateway/g/1"), (VarMap{{"a", "1,2"}, {"b", "3"}}));
  EXPECT_EQ(globals_of("{^^}sofia/gateway/g/1"), VarMap{});
}

TEST(DialStringBlocks, NestedBracesAreCountedCloseBraceInValueEndsEarly) {
  EXPECT_EQ(globals_of("{a={b}}sofia/gateway/g/1"), (VarMap{{"a", "{b}"}}));
  auto leg = single_leg("{a=x}y}sofia/gateway/g/1");
  ASSERT_TRUE(leg);
  const auto& fail = std::get<FailTarget>(leg->target);
  EXPECT_EQ(fail.cause, HangupCause::CHAN_NOT_IMPLEMENTED);
  EXPECT_EQ(fail.detail, "unknown endpoint 'y}sofia'");
}

// `<` counts only first, `{` only right after the `<>` run.
TEST(DialStringBlocks, BlocksOutOfPlaceBecomeEndpointText) {
  auto late_ultra = single_leg("{a=1}<b=2>sofia/gateway/g/1");
  ASSERT_TRUE(late_ultra);
  EXPECT_EQ(std::get<FailTarget>(late_ultra->target).detail, "unknown endpoint '<b=2>sofia'");
  auto spaced_global = single_leg("<a=1> {b=2}sofia/gateway/g/1");
  ASSERT_TRUE(spaced_global);
  EXPECT_EQ(std::get<FailTarget>(spaced_global->target).detail, "unknown endpoint '{b=2}sofia'");
  EXPECT_EQ(as_map(spaced_global->variables), (VarMap{{"a", "1"}}));
}

TEST(DialStringBlocks, UnterminatedBlocksAreParseErrorsWithPosition) {
  const ParseError global = must_fail("{a=1 sofia/gateway/g/1");
  EXPECT_EQ(global.position, 0u);
  EXPECT_NE(global.message.find("'{'"), std::string::npos);
  EXPECT_EQ(must_fail("  <a=1 sofia/gateway/g/1").position, 2u);
  EXPECT_EQ(must_fail("{a=1}{b=2").position, 5u);
  EXPECT_EQ(must_fail("sofia/gateway/g/1,[a=1 sofia/gateway/g/2").position, 18u);
  EXPECT_EQ(must_fail("sofia/gateway/g/1|x/1, [a=1").position, 23u);
}

// A stray closing bracket is no error: it ends up in the endpoint text.
TEST(DialStringBlocks, StrayClosingBracketIsEndpointText) {
  auto leg = single_leg("a=1}sofia/gateway/g/1");
  ASSERT_TRUE(leg);
  EXPECT_EQ(std::get<FailTarget>(leg->target).cause, HangupCause::CHAN_NOT_IMPLEMENTED);
}

TEST(DialStringBlocks, NestedVariableValuesAreRefusedOnTheLeg) {
  auto leg = single_leg("{a=${x},b=1}[c=$${y}]sofia/gateway/g/1");
  ASSERT_TRUE(leg);
  EXPECT_EQ(as_map(leg->leg_vars), (VarMap{{"c", "$${y}"}}));
  EXPECT_EQ(as_map(leg->variables), (VarMap{{"b", "1"}}));
  EXPECT_EQ(leg->refused_vars, (std::vector<std::string>{"c", "a"}));
  const DialPlan plan = must_parse("{a=${x},b=1}sofia/gateway/g/1");
  ASSERT_EQ(plan.branches.size(), 1u);
  EXPECT_EQ(plan.branches[0].global_vars.get("a"), "${x}");  // the event keeps it
}

TEST(DialStringBlocks, NestedVariablesAllowedByTextOrOption) {
  auto by_text = single_leg("{origination_nested_vars=TRUE,a=${x}}sofia/gateway/g/1");
  ASSERT_TRUE(by_text);
  EXPECT_EQ(by_text->variables.get("a"), "${x}");
  EXPECT_TRUE(by_text->refused_vars.empty());
  // Only the literal text counts in the string; "=1" does not.
  auto by_other_value = single_leg("{origination_nested_vars=1,a=${x}}sofia/gateway/g/1");
  ASSERT_TRUE(by_other_value);
  EXPECT_FALSE(by_other_value->variables.contains("a"));
  auto by_option = single_leg("{a=${x}}sofia/gateway/g/1", ParseOptions{true});
  ASSERT_TRUE(by_option);
  EXPECT_EQ(by_option->variables.get("a"), "${x}");
}

}  // namespace
}  // namespace ctib::dialstring
