// §1.5 precedence: `{}` wins on the channel unless local_var_clobber=true;
// the names read from the originate event take `[]` first.

#include "engine/dialstring/merge.hpp"

#include "engine/dialstring/tests/helpers.hpp"

namespace ctib::dialstring {
namespace {

using test::as_map;
using test::single_leg;
using test::VarMap;

Variables vars(std::initializer_list<std::pair<const char*, const char*>> items) {
  Variables out;
  for (const auto& [name, value] : items) out.set(name, value);
  return out;
}

TEST(DialStringMerge, GlobalWinsOnTheChannelByDefault) {
  auto leg = single_leg("{leg_timeout=30,a=1}[leg_timeout=10,b=2]sofia/gateway/g/1");
  ASSERT_TRUE(leg);
  EXPECT_EQ(as_map(leg->variables), (VarMap{{"leg_timeout", "30"}, {"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(as_map(leg->leg_vars), (VarMap{{"leg_timeout", "10"}, {"b", "2"}}));
}

TEST(DialStringMerge, LocalVarClobberLetsLegWin) {
  auto leg = single_leg("{local_var_clobber=true,leg_timeout=30}[leg_timeout=10]sofia/gateway/g/1");
  ASSERT_TRUE(leg);
  EXPECT_EQ(leg->variables.get("leg_timeout"), "10");
  EXPECT_EQ(leg->variables.get("local_var_clobber"), "true");
}

TEST(DialStringMerge, LocalVarClobberOnlyCountsInGlobalScope) {
  auto leg = single_leg("{leg_timeout=30}[local_var_clobber=true,leg_timeout=10]sofia/gateway/g/1");
  ASSERT_TRUE(leg);
  EXPECT_EQ(leg->variables.get("leg_timeout"), "30");
  auto from_ultra = single_leg("<local_var_clobber=yes>{leg_timeout=30}[leg_timeout=10]sofia/gateway/g/1");
  ASSERT_TRUE(from_ultra);
  EXPECT_EQ(from_ultra->variables.get("leg_timeout"), "10");
}

TEST(DialStringMerge, EventVariablesTakeLegValueEitherWay) {
  for (std::string_view name : kLegWinsVariables) {
    const std::string n(name);
    for (const char* clobber : {"false", "true"}) {
      const std::string text =
          "{local_var_clobber=" + std::string(clobber) + "," + n + "=global}[" + n + "=leg]sofia/gateway/g/1";
      auto leg = single_leg(text);
      ASSERT_TRUE(leg) << text;
      EXPECT_EQ(leg->variables.get(name), "leg") << text;
    }
    auto only_global = single_leg("{" + n + "=global}[x=1]sofia/gateway/g/1");
    ASSERT_TRUE(only_global);
    EXPECT_EQ(only_global->variables.get(name), "global") << name;
  }
}

TEST(DialStringMerge, CallerIdPrecedenceSpelledOut) {
  auto leg = single_leg(
      "{origination_caller_id_number=111,absolute_codec_string=PCMU}"
      "[origination_caller_id_number=222,absolute_codec_string=PCMA]sofia/gateway/g/1");
  ASSERT_TRUE(leg);
  EXPECT_EQ(leg->variables.get("origination_caller_id_number"), "222");  // [] wins: read from the event
  EXPECT_EQ(leg->variables.get("absolute_codec_string"), "PCMU");        // {} wins: read from the channel
}

TEST(DialStringMerge, RefusedValueAlsoRemovesTheOtherScopesValue) {
  const Variables global = vars({{"a", "${x}"}});
  const Variables leg = vars({{"a", "1"}});
  const LegVariables plain = install_leg_variables(global, leg, NestedVars::refuse);
  EXPECT_FALSE(plain.variables.contains("a"));
  EXPECT_EQ(plain.refused, (std::vector<std::string>{"a"}));

  const Variables clobber = vars({{"local_var_clobber", "true"}, {"a", "${x}"}});
  const LegVariables clobbered = install_leg_variables(clobber, leg, NestedVars::refuse);
  EXPECT_EQ(clobbered.variables.get("a"), "1");  // `[]` installed last, after the refusal
  EXPECT_TRUE(clobbered.refused.empty());

  // Refused in `[]`, then set by `{}`: the channel has the `{}` value, nothing is left refused.
  const LegVariables replaced = install_leg_variables(vars({{"a", "1"}}), vars({{"a", "${x}"}}), NestedVars::refuse);
  EXPECT_EQ(replaced.variables.get("a"), "1");
  EXPECT_TRUE(replaced.refused.empty());

  const LegVariables allowed = install_leg_variables(global, leg, NestedVars::allow);
  EXPECT_EQ(allowed.variables.get("a"), "${x}");
  EXPECT_TRUE(allowed.refused.empty());
}

TEST(DialStringMerge, EventVariablesAreNotChecked) {
  const LegVariables out =
      install_leg_variables(vars({{"origination_caller_id_name", "${name}"}}), Variables{}, NestedVars::refuse);
  EXPECT_EQ(out.variables.get("origination_caller_id_name"), "${name}");
  EXPECT_TRUE(out.refused.empty());
}

TEST(DialStringMerge, MergeLegVariablesIsTheRefusingInstall) {
  const Variables global = vars({{"a", "1"}, {"b", "${x}"}});
  const Variables leg = vars({{"a", "2"}, {"c", "3"}});
  EXPECT_EQ(as_map(merge_leg_variables(global, leg)), (VarMap{{"a", "1"}, {"c", "3"}}));
}

}  // namespace
}  // namespace ctib::dialstring
