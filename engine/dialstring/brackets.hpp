#pragma once
// Private to the dial-string parser. Variable blocks `<...>`, `{...}` and
// `[...]` (switch_event_create_brackets, src/switch_event.c).

#include <cstddef>

#include "engine/dialstring/parse.hpp"
#include "engine/dialstring/tokenize.hpp"
#include "engine/variables/variables.hpp"
#include "libs/base/expected.hpp"

namespace ctib::dialstring {

struct BracketKind {
  char open;
  char close;
  char delim;  // separates name=value items unless the block starts with ^^X
  // `[]` only: commas the pre-pass marked as quoted turn back into commas
  // just before the block is parsed (switch_ivr_originate).
  bool restore_quoted_commas;
};

inline constexpr BracketKind kUltraGlobalBlock{'<', '>', ',', false};
inline constexpr BracketKind kGlobalBlock{'{', '}', ',', false};
inline constexpr BracketKind kLegBlock{'[', ']', kUnquotedComma, true};

// Parses the run of blocks of one kind that starts at text[from] (which must
// be kind.open) into `vars`: `{a=1}{b=2}` and, as freeswitch-semantics §1.1
// describes, `{a=1} {b=2}`. Returns the index just after the last block. An
// unterminated block is a ParseError, as FreeSWITCH's "Parse Error!".
base::Expected<std::size_t, ParseError> parse_blocks(Span& text, std::size_t from, const BracketKind& kind,
                                                     variables::Variables& vars);

// One `name=value` item into `vars`: split at the first `=`, both sides
// trimmed and unescaped; `name=` deletes; an item without `=` or without a
// name is ignored.
void install_item(const Span& item, variables::Variables& vars);

}  // namespace ctib::dialstring
