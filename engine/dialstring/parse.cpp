// The pipeline of freeswitch-semantics §1.1: `:_:` branches, then per branch
// `<>` and `{}` blocks, the `|` split into failover groups, and each group
// into legs (group.cpp).

#include "engine/dialstring/parse.hpp"

#include <utility>

#include "engine/dialstring/brackets.hpp"
#include "engine/dialstring/group.hpp"
#include "engine/dialstring/tokenize.hpp"

namespace ctib::dialstring {

namespace {

constexpr std::string_view kEnterpriseDelim = ":_:";  // SWITCH_ENT_ORIGINATE_DELIM
constexpr std::string_view kNestedVarsOn = "origination_nested_vars=true";

// What a branch inherits from switch_ivr_enterprise_originate().
struct Inherited {
  variables::Variables vars;
  bool nested_vars = false;
};

ParseError no_url(const Span& text, std::size_t at) {
  return ParseError{"No origination URL specified", text.offset(at)};
}

// `<...>` then `{...}` at the start of a branch into `vars`; returns where
// the rest begins. `<` counts only as the very first byte, and `{` only right
// after the `<>` run, as in switch_ivr_originate().
base::Expected<std::size_t, ParseError> parse_global_blocks(Span& text, variables::Variables& vars) {
  std::size_t pos = skip_spaces(text.text, 0);
  for (const BracketKind* kind : {&kUltraGlobalBlock, &kGlobalBlock}) {
    if (pos >= text.size() || text.text[pos] != kind->open) continue;
    auto next = parse_blocks(text, pos, *kind, vars);
    if (!next) return next;
    pos = *next;
  }
  return pos;
}

// switch_ivr_originate() on one branch.
base::Expected<Branch, ParseError> parse_branch(Span text, const Inherited& inherited, const ParseOptions& options) {
  Branch branch;
  branch.global_vars = inherited.vars;
  // FreeSWITCH looks for the literal text anywhere in the branch, or for the
  // variable among what the enterprise level passed down.
  const bool nested = options.origination_nested_vars || inherited.nested_vars ||
                      contains_nocase(text.text, kNestedVarsOn);
  auto rest = parse_global_blocks(text, branch.global_vars);
  if (!rest) return base::unexpected(std::move(rest.error()));
  const std::size_t pos = skip_spaces(text.text, *rest);
  if (pos >= text.size()) return base::unexpected(no_url(text, pos));

  Separated groups = separate_string(text.from(pos), '|', kMaxPeers + 1);
  if (groups.items.size() > kMaxPeers) {
    return base::unexpected(ParseError{"More than 128 failover groups (MAX_PEERS)", groups.items[kMaxPeers].offset(0)});
  }
  for (Span& group_text : groups.items) {
    auto group = parse_group(std::move(group_text), branch.global_vars, nested ? NestedVars::allow : NestedVars::refuse);
    if (!group) return base::unexpected(std::move(group.error()));
    // An empty `|` element rings nothing; FreeSWITCH moves on to the next group.
    if (!group->legs.empty()) branch.groups.push_back(std::move(*group));
  }
  if (branch.groups.empty()) return base::unexpected(ParseError{"Empty dial string: no leg to dial", text.offset(pos)});
  return branch;
}

// The branches of an enterprise dial string: the raw text between `:_:`s,
// nothing unescaped (switch_separate_string_string).
std::vector<Span> split_enterprise(const Span& text) {
  std::vector<Span> out;
  std::size_t begin = 0;
  for (std::size_t at = text.text.find(kEnterpriseDelim); at != std::string::npos;
       at = text.text.find(kEnterpriseDelim, begin)) {
    out.push_back(text.sub(begin, at));
    begin = at + kEnterpriseDelim.size();
  }
  out.push_back(text.from(begin));
  return out;
}

// switch_ivr_enterprise_originate(): leading `<>` once for every branch,
// ignore_early_media=true forced on all of them, then one originate each.
base::Expected<DialPlan, ParseError> parse_enterprise(Span text, const ParseOptions& options) {
  Inherited inherited;
  std::size_t pos = skip_spaces(text.text, 0);
  if (pos < text.size() && text.text[pos] == kUltraGlobalBlock.open) {
    auto next = parse_blocks(text, pos, kUltraGlobalBlock, inherited.vars);
    if (!next) return base::unexpected(std::move(next.error()));
    pos = *next;
  }
  pos = skip_spaces(text.text, pos);
  inherited.nested_vars = inherited.vars.flag("origination_nested_vars");
  inherited.vars.set("ignore_early_media", "true");

  const std::vector<Span> branches = split_enterprise(text.from(pos));
  if (branches.size() > kMaxPeers) {
    return base::unexpected(ParseError{"More than 128 enterprise branches (MAX_PEERS)", branches[kMaxPeers].offset(0)});
  }
  DialPlan plan;
  for (const Span& branch_text : branches) {
    auto branch = parse_branch(branch_text, inherited, options);
    if (!branch) return base::unexpected(std::move(branch.error()));
    plan.branches.push_back(std::move(*branch));
  }
  return plan;
}

}  // namespace

base::Expected<DialPlan, ParseError> parse(std::string_view text) { return parse(text, ParseOptions{}); }

base::Expected<DialPlan, ParseError> parse(std::string_view text, const ParseOptions& options) {
  // FreeSWITCH gets a C string: whatever follows a NUL byte never reaches it.
  text = text.substr(0, text.find('\0'));
  Span all = Span::of(text);
  if (text.find(kEnterpriseDelim) != std::string_view::npos) return parse_enterprise(std::move(all), options);
  auto branch = parse_branch(std::move(all), Inherited{}, options);
  if (!branch) return base::unexpected(std::move(branch.error()));
  DialPlan plan;
  plan.branches.push_back(std::move(*branch));
  return plan;
}

}  // namespace ctib::dialstring
