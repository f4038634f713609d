#include "engine/dialstring/group.hpp"

#include <utility>

#include "engine/dialstring/brackets.hpp"
#include "engine/dialstring/endpoint.hpp"

namespace ctib::dialstring {

namespace {

base::Expected<Leg, ParseError> parse_leg(Span leg, const variables::Variables& globals, NestedVars nested) {
  Leg out;
  std::size_t pos = skip_spaces(leg.text, 0);
  if (pos < leg.size() && leg.text[pos] == kLegBlock.open) {
    auto next = parse_blocks(leg, pos, kLegBlock, out.leg_vars);
    if (!next) return base::unexpected(std::move(next.error()));
    pos = *next;
  }
  pos = skip_spaces(leg.text, pos);
  out.text = leg.text.substr(pos);
  out.target = make_target(out.text);
  LegVariables installed = install_leg_variables(globals, out.leg_vars, nested);
  out.variables = std::move(installed.variables);
  out.refused_vars = std::move(installed.refused);
  return out;
}

}  // namespace

void mark_bracket_commas(std::string& s) {
  std::size_t end = std::string::npos;  // the `]` closing the block we are in
  bool quoted = false;
  bool alt = false;
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (s[p] == '[') {
      end = find_end_paren(s, p, '[', ']');
      alt = p + 2 < s.size() && s[p + 1] == '^' && s[p + 2] == '^';
      quoted = false;
    }
    if (s[p] == '\'') quoted = !quoted;
    if (end != std::string::npos && p < end && s[p] == ',' && s[p - 1] != '\\') {
      s[p] = quoted || alt ? kQuotedComma : kUnquotedComma;
    }
    // FreeSWITCH looks for a next '[' here with switch_strchr_strict(), which
    // always fails on the ']' itself: the block simply ends.
    if (p == end) end = std::string::npos;
  }
}

base::Expected<Group, ParseError> parse_group(Span group, const variables::Variables& globals, NestedVars nested) {
  mark_bracket_commas(group.text);
  Separated legs = separate_string(group, ',', kMaxPeers + 1);
  if (legs.items.size() > kMaxPeers) {
    return base::unexpected(ParseError{"More than 128 parallel legs in one group (MAX_PEERS)",
                                       legs.items[kMaxPeers].offset(0)});
  }
  Group out;
  out.legs.reserve(legs.items.size());
  for (Span& leg : legs.items) {
    auto parsed = parse_leg(std::move(leg), globals, nested);
    if (!parsed) return base::unexpected(std::move(parsed.error()));
    out.legs.push_back(std::move(*parsed));
  }
  return out;
}

}  // namespace ctib::dialstring
