#pragma once
// Private to the dial-string parser. FreeSWITCH's string splitting
// (switch_separate_string, cleanup_separated_string, switch_find_end_paren in
// src/switch_utils.c) re-done on text that remembers, for every byte, where it
// came from in the dial string. FreeSWITCH runs these passes one after the
// other on the same buffer (the `|` split unescapes once, the `,` split again,
// the `=` split a third time); we run the same passes in the same order so the
// escaping rules come out identical, and the offsets keep ParseError
// positions exact after bytes were removed.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ctib::dialstring {

// The originate pre-pass turns commas inside `[...]` into these bytes so the
// `,` split leaves them alone (QUOTED_ESC_COMMA / UNQUOTED_ESC_COMMA in
// src/switch_ivr_originate.c).
inline constexpr char kQuotedComma = '\x01';
inline constexpr char kUnquotedComma = '\x02';

// FreeSWITCH's peer/pipe arrays hold this many entries (MAX_PEERS).
inline constexpr std::size_t kMaxPeers = 128;

// Text plus the dial-string offset of each byte.
struct Span {
  std::string text;
  std::vector<std::size_t> at;  // at.size() == text.size() + 1; the last is the end offset

  static Span of(std::string_view s);
  [[nodiscard]] std::size_t size() const noexcept { return text.size(); }
  [[nodiscard]] bool empty() const noexcept { return text.empty(); }
  // Dial-string offset of byte i (i may be size(): the end).
  [[nodiscard]] std::size_t offset(std::size_t i) const noexcept;
  // Bytes [begin, end).
  [[nodiscard]] Span sub(std::size_t begin, std::size_t end) const;
  [[nodiscard]] Span from(std::size_t begin) const { return sub(begin, size()); }
};

struct Separated {
  std::vector<Span> items;  // each already through cleanup_separated()
  // The input ended right after a delimiter. FreeSWITCH then makes no empty
  // last item ("a,b," is two items; "a=" is one).
  bool trailing_delimiter = false;
};

// switch_separate_string(): a leading "^^X" (with something after X) makes X
// the delimiter; `\` protects the next byte; a single quote protects
// delimiters only if another quote follows; a space delimiter also swallows
// runs of spaces. Stops after `max_items`; the last item then holds the rest.
Separated separate_string(const Span& buf, char delim, std::size_t max_items);

// cleanup_separated_string(): leading spaces dropped, trailing spaces outside
// quotes dropped, quotes removed, `\'` `\"` `\\` `\<delim>` and `\n` `\r` `\t`
// `\s` unescaped; a backslash before anything else stays.
Span cleanup_separated(const Span& s, char delim);

// switch_find_end_paren(): after optional spaces, s[from] must be `open`; the
// index of the `close` that balances it (nesting counted, quotes ignored), or
// npos.
std::size_t find_end_paren(std::string_view s, std::size_t from, char open, char close) noexcept;

// First index at or after `from` that is not a space (' ' only, as FreeSWITCH).
std::size_t skip_spaces(std::string_view s, std::size_t from) noexcept;

// switch_stristr() != NULL.
bool contains_nocase(std::string_view haystack, std::string_view needle) noexcept;

}  // namespace ctib::dialstring
