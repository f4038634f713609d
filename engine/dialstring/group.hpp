#pragma once
// Private to the dial-string parser. One failover group (an element of the
// `|` split) into its parallel legs (freeswitch-semantics §1.1 steps 7-10).

#include <string>

#include "engine/dialstring/merge.hpp"
#include "engine/dialstring/parse.hpp"
#include "engine/dialstring/tokenize.hpp"
#include "libs/base/expected.hpp"

namespace ctib::dialstring {

// The pre-pass of step 7: inside each `[...]`, a comma not preceded by '\'
// becomes kQuotedComma (inside single quotes, or in a block starting `[^^`)
// or kUnquotedComma, so the `,` split keeps the block whole.
void mark_bracket_commas(std::string& group);

// Steps 7-10. `globals` are the branch's `<>` + `{}` variables. A group with
// more than kMaxPeers legs, or an unterminated `[`, is a ParseError.
base::Expected<Group, ParseError> parse_group(Span group, const variables::Variables& globals, NestedVars nested);

}  // namespace ctib::dialstring
