#pragma once
// FreeSWITCH dial-string parser (freeswitch-semantics §1).

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/dialstring/plan.hpp"
#include "libs/base/expected.hpp"

namespace ctib::dialstring {

struct ParseError {
  std::string message;   // says what is wrong, e.g. "No origination URL specified"
  std::size_t position;  // byte offset in the input where the problem was found
};

// Parses a whole dial string into a plan. Syntax that FreeSWITCH rejects is a
// ParseError; a leg that FreeSWITCH would fail at creation (unknown endpoint,
// error/CAUSE, malformed sofia data) parses into a FailTarget leg instead.
// Grammar, decisions and examples: docs/dialstring.md.
base::Expected<DialPlan, ParseError> parse(std::string_view text);

struct ParseOptions {
  // origination_nested_vars=true is set where the text cannot show it (on
  // the A-leg or as a global variable): values holding `${` are installed
  // instead of refused. The text itself can also say so (see docs).
  bool origination_nested_vars = false;
};

base::Expected<DialPlan, ParseError> parse(std::string_view text, const ParseOptions& options);

}  // namespace ctib::dialstring
