#include "engine/dialstring/brackets.hpp"

#include <string>

namespace ctib::dialstring {

namespace {

// switch_event_create_brackets() hands at most 1024 items to the splitter.
constexpr std::size_t kMaxBlockItems = 1024;

void parse_block_content(const Span& content, char delim, variables::Variables& vars) {
  Span items = content;
  if (items.size() >= 2 && items.text[0] == '^' && items.text[1] == '^') {
    // "^^" with nothing after it: FreeSWITCH reads past the block's end
    // here; there is nothing sensible to parse, so the block is empty.
    if (items.size() == 2) return;
    delim = items.text[2];
    items = items.from(3);
  }
  for (const Span& item : separate_string(items, delim, kMaxBlockItems).items) install_item(item, vars);
}

ParseError unterminated(const Span& text, std::size_t at, char open, char close) {
  return ParseError{std::string("Unterminated '") + open + "' block: no matching '" + close + "'", text.offset(at)};
}

}  // namespace

void install_item(const Span& item, variables::Variables& vars) {
  const Separated pair = separate_string(item, '=', 2);
  std::string_view value;
  if (pair.items.size() == 2) {
    value = pair.items[1].text;
  } else if (pair.items.size() != 1 || !pair.trailing_delimiter) {
    return;  // no '=': FreeSWITCH ignores the item silently
  }
  // A lone "name=" is one item to FreeSWITCH's splitter and would be ignored;
  // freeswitch-semantics §1.3 makes it delete the variable, and so do we.
  const std::string& name = pair.items[0].text;
  if (name.empty()) return;  // switch_channel_set_variable() ignores an empty name
  vars.set(name, value);
}

base::Expected<std::size_t, ParseError> parse_blocks(Span& text, std::size_t from, const BracketKind& kind,
                                                     variables::Variables& vars) {
  std::size_t pos = from;
  while (pos < text.size() && text.text[pos] == kind.open) {
    const std::size_t end = find_end_paren(text.text, pos, kind.open, kind.close);
    if (end == std::string::npos) return base::unexpected(unterminated(text, pos, kind.open, kind.close));
    if (kind.restore_quoted_commas) {
      for (std::size_t i = pos + 1; i < end; ++i) {
        if (text.text[i] == kQuotedComma) text.text[i] = ',';
      }
    }
    parse_block_content(text.sub(pos + 1, end), kind.delim, vars);
    pos = end + 1;
    const std::size_t next = skip_spaces(text.text, pos);
    if (next < text.size() && text.text[next] == kind.open) pos = next;
  }
  return pos;
}

}  // namespace ctib::dialstring
