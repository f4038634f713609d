// switch_separate_string() / cleanup_separated_string() rules (§1.3), on the
// private tokenizer directly.

#include "engine/dialstring/tokenize.hpp"

#include <gtest/gtest.h>

#include "engine/dialstring/group.hpp"

namespace ctib::dialstring {
namespace {

std::vector<std::string> split(std::string_view text, char delim, std::size_t max = 1024) {
  std::vector<std::string> out;
  for (const Span& s : separate_string(Span::of(text), delim, max).items) out.push_back(s.text);
  return out;
}

std::string clean(std::string_view text, char delim = ',') { return cleanup_separated(Span::of(text), delim).text; }

using Strings = std::vector<std::string>;

TEST(DialStringTokenize, SplitsAndTrims) {
  EXPECT_EQ(split(" a , b ,c ", ','), (Strings{"a", "b", "c"}));
  EXPECT_EQ(split("a,,b", ','), (Strings{"a", "", "b"}));
  EXPECT_EQ(split("a,b,", ','), (Strings{"a", "b"}));  // no empty last item
  EXPECT_EQ(split("", ','), Strings{});
}

TEST(DialStringTokenize, BackslashProtectsDelimiterAndIsRemoved) {
  EXPECT_EQ(split("a\\,b,c", ','), (Strings{"a,b", "c"}));
  EXPECT_EQ(split("a\\|b|c", '|'), (Strings{"a|b", "c"}));
}

TEST(DialStringTokenize, BackslashEscapes) {
  EXPECT_EQ(clean("a\\nb"), "a\nb");
  EXPECT_EQ(clean("a\\rb"), "a\rb");
  EXPECT_EQ(clean("a\\tb"), "a\tb");
  EXPECT_EQ(clean("a\\sb"), "a b");
  EXPECT_EQ(clean("a\\'b"), "a'b");
  EXPECT_EQ(clean("a\\\"b"), "a\"b");
  EXPECT_EQ(clean("a\\\\b"), "a\\b");
  EXPECT_EQ(clean("a\\xb"), "a\\xb");  // any other byte: backslash kept
  EXPECT_EQ(clean("a\\|b", ','), "a\\|b");  // '|' is not this split's delimiter
  EXPECT_EQ(clean("ab\\"), "ab\\");    // trailing backslash kept
}

TEST(DialStringTokenize, SingleQuotesNeedAClosingQuote) {
  EXPECT_EQ(split("x='a,b',y", ','), (Strings{"x=a,b", "y"}));
  EXPECT_EQ(split("it's,fine", ','), (Strings{"it's", "fine"}));  // no closing quote: literal
  EXPECT_EQ(clean("' a '"), " a ");                                 // spaces inside quotes kept
  EXPECT_EQ(clean("\"a,b\""), "\"a,b\"");                          // double quotes are not special
  EXPECT_EQ(split("\"a,b\"", ','), (Strings{"\"a", "b\""}));
}

TEST(DialStringTokenize, CaretCaretSetsTheDelimiter) {
  EXPECT_EQ(split("^^:a,b:c", ','), (Strings{"a,b", "c"}));
  EXPECT_EQ(split("^^:", ','), (Strings{"^^:"}));  // needs a byte after the delimiter
}

TEST(DialStringTokenize, SpaceDelimiterSwallowsRuns) {
  EXPECT_EQ(split("a=1   b=2 ", ' '), (Strings{"a=1", "b=2"}));
  EXPECT_EQ(split("^^ a=1 b=2", ','), (Strings{"a=1", "b=2"}));
}

TEST(DialStringTokenize, MaxItemsKeepsTheRestInTheLast) {
  EXPECT_EQ(split("a=b=c", '=', 2), (Strings{"a", "b=c"}));
  EXPECT_EQ(split("a,b,c", ',', 2), (Strings{"a", "b,c"}));
  const Separated lone = separate_string(Span::of("a="), '=', 2);
  EXPECT_EQ(lone.items.size(), 1u);
  EXPECT_TRUE(lone.trailing_delimiter);
}

TEST(DialStringTokenize, OffsetsSurviveUnescaping) {
  const Separated parts = separate_string(Span::of("a\\,b,  c"), ',', 10);
  ASSERT_EQ(parts.items.size(), 2u);
  EXPECT_EQ(parts.items[1].text, "c");
  EXPECT_EQ(parts.items[1].offset(0), 7u);
  EXPECT_EQ(parts.items[0].offset(2), 3u);  // the b after the escaped comma
}

TEST(DialStringTokenize, FindEndParenCountsNestingIgnoresQuotes) {
  EXPECT_EQ(find_end_paren("{a={b}}x", 0, '{', '}'), 6u);
  EXPECT_EQ(find_end_paren("{a='}'}", 0, '{', '}'), 4u);
  EXPECT_EQ(find_end_paren("  [x]", 0, '[', ']'), 4u);
  EXPECT_EQ(find_end_paren("{a", 0, '{', '}'), std::string::npos);
  EXPECT_EQ(find_end_paren("a}", 0, '{', '}'), std::string::npos);
}

TEST(DialStringTokenize, PrePassMarksCommasInsideLegBlocksOnly) {
  std::string s = "[a=1,b=2]x/1,[c='3,4']y/2,[^^:d=5,6]z/3,[e=7\\,8]w/4";
  mark_bracket_commas(s);
  EXPECT_EQ(s, std::string("[a=1\x02" "b=2]x/1,[c='3\x01" "4']y/2,[^^:d=5\x01" "6]z/3,[e=7\\,8]w/4"));
}

TEST(DialStringTokenize, ContainsNocase) {
  EXPECT_TRUE(contains_nocase("{ORIGINATION_NESTED_VARS=TRUE}", "origination_nested_vars=true"));
  EXPECT_FALSE(contains_nocase("{origination_nested_vars=1}", "origination_nested_vars=true"));
}

}  // namespace
}  // namespace ctib::dialstring
