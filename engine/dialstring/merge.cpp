#include "engine/dialstring/merge.hpp"

#include <algorithm>

namespace ctib::dialstring {

namespace {

// switch_string_var_check_const(): "$${" contains "${" too.
bool holds_variable(std::string_view value) noexcept { return value.find("${") != std::string_view::npos; }

void remember(std::vector<std::string>& refused, std::string_view name) {
  if (std::find(refused.begin(), refused.end(), name) == refused.end()) refused.emplace_back(name);
}

// switch_channel_set_variable_var_check(), one scope after the other. Erase
// then set moves a replaced variable to the end, as the channel's event does.
void install(LegVariables& out, const variables::Variables& from, NestedVars nested) {
  for (const auto& [name, value] : from) {
    out.variables.erase(name);
    if (nested == NestedVars::refuse && holds_variable(value)) {
      remember(out.refused, name);
      continue;
    }
    out.variables.set(name, value);
    std::erase(out.refused, name);  // a later scope supplied a usable value
  }
}

}  // namespace

LegVariables install_leg_variables(const variables::Variables& global, const variables::Variables& leg,
                                   NestedVars nested) {
  LegVariables out;
  // FreeSWITCH reads local_var_clobber from the `{}` event only.
  if (global.flag("local_var_clobber")) {
    install(out, global, nested);
    install(out, leg, nested);
  } else {
    install(out, leg, nested);
    install(out, global, nested);
  }
  for (std::string_view name : kLegWinsVariables) {
    const std::string* value = leg.find(name);
    if (value == nullptr) value = global.find(name);
    if (value == nullptr) continue;
    out.variables.set(name, *value);
    std::erase(out.refused, std::string(name));
  }
  return out;
}

variables::Variables merge_leg_variables(const variables::Variables& global, const variables::Variables& leg) {
  return install_leg_variables(global, leg, NestedVars::refuse).variables;
}

}  // namespace ctib::dialstring
