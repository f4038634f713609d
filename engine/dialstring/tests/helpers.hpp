#pragma once
// Shared helpers for the dial-string tests.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/dialstring/parse.hpp"

namespace ctib::dialstring::test {

using VarMap = std::map<std::string, std::string>;

// Variables as a sorted map, so tests state content, not insertion order.
inline VarMap as_map(const Variables& vars) {
  VarMap out;
  for (const auto& [name, value] : vars) out.emplace(name, value);
  return out;
}

// The plan, or an empty plan plus a test failure when parse() refused.
inline DialPlan must_parse(std::string_view text, const ParseOptions& options = {}) {
  auto result = parse(text, options);
  if (!result) {
    ADD_FAILURE() << "parse(\"" << text << "\") failed: " << result.error().message << " at "
                  << result.error().position;
    return {};
  }
  return std::move(*result);
}

inline ParseError must_fail(std::string_view text) {
  auto result = parse(text);
  if (result) {
    ADD_FAILURE() << "parse(\"" << text << "\") succeeded, expected a ParseError";
    return {};
  }
  return result.error();
}

// The only leg of a plan with one branch, one group and one leg.
inline std::optional<Leg> single_leg(std::string_view text, const ParseOptions& options = {}) {
  DialPlan plan = must_parse(text, options);
  if (plan.branches.size() != 1 || plan.branches[0].groups.size() != 1 ||
      plan.branches[0].groups[0].legs.size() != 1) {
    ADD_FAILURE() << "\"" << text << "\" is not a single leg";
    return std::nullopt;
  }
  return std::move(plan.branches[0].groups[0].legs[0]);
}

// The target of the single leg of `text`, if it is a T.
template <class T>
std::optional<T> target_of(std::string_view text) {
  auto leg = single_leg(text);
  if (!leg) return std::nullopt;
  if (const T* t = std::get_if<T>(&leg->target)) return *t;
  ADD_FAILURE() << "\"" << text << "\" has another target kind (index " << leg->target.index() << ")";
  return std::nullopt;
}

}  // namespace ctib::dialstring::test
