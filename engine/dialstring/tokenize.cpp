#include "engine/dialstring/tokenize.hpp"

#include <algorithm>

#include "libs/base/text.hpp"

namespace ctib::dialstring {

namespace {

constexpr char kEscape = '\\';

// A byte range of the buffer being split, before cleanup.
struct Range {
  std::size_t begin;
  std::size_t end;
};

char unescape_char(char c) noexcept {
  switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 's': return ' ';
    default: return c;
  }
}

bool has_quote_after(std::string_view s, std::size_t i) noexcept {
  return s.find('\'', i + 1) != std::string_view::npos;
}

// A backslash skips the byte after it. FreeSWITCH steps past the string's
// terminator when the backslash is the last byte; we stop at the end instead.
std::size_t after_escape(std::size_t i, std::size_t n) noexcept { return std::min(i + 2, n); }

// separate_string_char_delim().
std::vector<Range> split_char(std::string_view s, std::size_t i, char delim, std::size_t max_items,
                              bool& trailing) {
  std::vector<Range> out;
  bool in_item = false;
  bool quoted = false;
  while (i < s.size() && out.size() < max_items) {
    if (!in_item) {
      out.push_back({i, s.size()});
      in_item = true;
      continue;
    }
    const char c = s[i];
    if (c == kEscape) {
      i = after_escape(i, s.size());
      continue;
    }
    if (c == '\'' && (quoted || has_quote_after(s, i))) {
      quoted = !quoted;
    } else if (c == delim && !quoted) {
      out.back().end = i;
      in_item = false;
    }
    ++i;
  }
  trailing = !in_item && !out.empty() && out.size() < max_items;
  return out;
}

// separate_string_blank_delim(): like split_char, but a run of spaces is one
// delimiter, and quotes toggle without looking for a closing one.
std::vector<Range> split_blank(std::string_view s, std::size_t i, std::size_t max_items, bool& trailing) {
  enum class State { start, skip_initial, find, skip_ending } state = State::start;
  std::vector<Range> out;
  bool quoted = false;
  while (i < s.size() && out.size() < max_items) {
    const char c = s[i];
    switch (state) {
      case State::start:
        out.push_back({i, s.size()});
        state = State::skip_initial;
        break;
      case State::skip_initial:
        if (c == ' ') ++i;
        else state = State::find;
        break;
      case State::find:
        if (c == kEscape) {
          i = after_escape(i, s.size());
          break;
        }
        if (c == '\'') {
          quoted = !quoted;
        } else if (c == ' ' && !quoted) {
          out.back().end = i;
          state = State::skip_ending;
        }
        ++i;
        break;
      case State::skip_ending:
        if (c == ' ') ++i;
        else state = State::start;
        break;
    }
  }
  trailing = state == State::skip_ending && out.size() < max_items;
  return out;
}

}  // namespace

Span Span::of(std::string_view s) {
  Span out;
  out.text.assign(s);
  out.at.resize(s.size() + 1);
  for (std::size_t i = 0; i < out.at.size(); ++i) out.at[i] = i;
  return out;
}

std::size_t Span::offset(std::size_t i) const noexcept { return at[std::min(i, text.size())]; }

Span Span::sub(std::size_t begin, std::size_t end) const {
  end = std::min(end, size());
  begin = std::min(begin, end);
  Span out;
  out.text = text.substr(begin, end - begin);
  out.at.assign(at.begin() + static_cast<std::ptrdiff_t>(begin), at.begin() + static_cast<std::ptrdiff_t>(end) + 1);
  return out;
}

Separated separate_string(const Span& buf, char delim, std::size_t max_items) {
  Separated result;
  if (max_items == 0) return result;
  const std::string_view s = buf.text;
  std::size_t start = 0;
  // "^^X" needs a byte after X, as in FreeSWITCH (`*p && *(p+1)`).
  if (s.size() >= 4 && s[0] == '^' && s[1] == '^') {
    delim = s[2];
    start = 3;
  }
  const std::vector<Range> ranges = delim == ' '
                                        ? split_blank(s, start, max_items, result.trailing_delimiter)
                                        : split_char(s, start, delim, max_items, result.trailing_delimiter);
  // The blank splitter cleans up with no delimiter to unescape.
  const char cleanup_delim = delim == ' ' ? '\0' : delim;
  result.items.reserve(ranges.size());
  for (const Range& r : ranges) result.items.push_back(cleanup_separated(buf.sub(r.begin, r.end), cleanup_delim));
  return result;
}

Span cleanup_separated(const Span& in, char delim) {
  const std::string_view s = in.text;
  Span out;
  out.text.reserve(s.size());
  out.at.reserve(s.size() + 1);
  std::size_t keep = std::string::npos;  // FreeSWITCH's `end`: where trailing spaces start
  bool quoted = false;
  std::size_t i = skip_spaces(s, 0);
  auto emit = [&](char c, std::size_t from) {
    out.text.push_back(c);
    out.at.push_back(in.at[from]);
  };
  for (; i < s.size(); ++i) {
    if (s[i] == kEscape) {
      const char e = i + 1 < s.size() ? s[i + 1] : '\0';
      const bool literal = e == '\'' || e == '"' || (delim != '\0' && e == delim) || e == kEscape;
      if (literal || unescape_char(e) != e) {
        emit(literal ? e : unescape_char(e), i);
        ++i;
        keep = out.size();
        continue;
      }
    }
    if (s[i] == '\'' && (quoted || has_quote_after(s, i))) {
      quoted = !quoted;
      if (quoted) keep = out.size();
      continue;
    }
    emit(s[i], i);
    if (s[i] != ' ' || quoted) keep = out.size();
  }
  if (keep != std::string::npos && keep < out.size()) {
    out.text.resize(keep);
    out.at.resize(keep);
  }
  out.at.push_back(in.offset(s.size()));
  return out;
}

std::size_t find_end_paren(std::string_view s, std::size_t from, char open, char close) noexcept {
  std::size_t i = skip_spaces(s, from);
  if (i >= s.size() || s[i] != open) return std::string_view::npos;
  int depth = 1;
  for (++i; i < s.size(); ++i) {
    if (s[i] == open && open != close) {
      ++depth;
    } else if (s[i] == close && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::size_t skip_spaces(std::string_view s, std::size_t from) noexcept {
  while (from < s.size() && s[from] == ' ') ++from;
  return from;
}

bool contains_nocase(std::string_view haystack, std::string_view needle) noexcept {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (base::iequals(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

}  // namespace ctib::dialstring
