// dial.type = play_and_get_digits (docs/protocol.md §2.1.2): what decodes,
// the defaults, and every refusal with its message.
#include <gtest/gtest.h>

#include "engine/routing/decision.hpp"

namespace ctib::routing {
namespace {

using namespace std::chrono_literals;
using Kind = AnswerError::Kind;

digits::PlayAndGetDigits prompt_of(std::string_view dial) {
  const std::string body = R"({"variables": {}, "dial": )" + std::string(dial) + "}";
  auto r = decode_answer(body);
  EXPECT_TRUE(r.has_value()) << body << " -> " << (r ? "" : r.error().message);
  if (!r || !std::holds_alternative<PlayAndGetDigitsDial>(r->dial)) return {};
  return std::get<PlayAndGetDigitsDial>(r->dial).prompt;
}

AnswerError error_of(std::string_view dial) {
  const std::string body = R"({"dial": )" + std::string(dial) + "}";
  auto r = decode_answer(body);
  EXPECT_FALSE(r.has_value()) << body;
  return r ? AnswerError{} : r.error();
}

TEST(DecodeDigits, TheContractExample) {
  const auto p = prompt_of(
      R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 4, "tries": 3, "timeout": 5000,
          "terminators": "#", "file": "/usr/share/ctibridge/prompts/x.wav", "invalid_file": "/i.wav",
          "var_name": "ctib_digits", "regexp": "^[0-9]+$", "digit_timeout": 3000})");
  EXPECT_EQ(p.min_digits, 1u);
  EXPECT_EQ(p.max_digits, 4u);
  EXPECT_EQ(p.tries, 3);
  EXPECT_EQ(p.timeout, 5000ms);
  EXPECT_EQ(p.digit_timeout, 3000ms);
  EXPECT_EQ(p.terminators, "#");
  EXPECT_EQ(p.file, "/usr/share/ctibridge/prompts/x.wav");
  EXPECT_EQ(p.invalid_file, "/i.wav");
  EXPECT_EQ(p.var_name, "ctib_digits");
  EXPECT_EQ(p.regexp, "^[0-9]+$");
}

TEST(DecodeDigits, DefaultsAndNumbersAsStrings) {
  const auto p = prompt_of(
      R"({"type": "play_and_get_digits", "min_digits": "2", "max_digits": "6", "timeout": "7000",
          "file": "/p.wav"})");
  EXPECT_EQ(p.min_digits, 2u);
  EXPECT_EQ(p.max_digits, 6u);
  EXPECT_EQ(p.tries, 1);
  EXPECT_EQ(p.timeout, 7000ms);
  EXPECT_EQ(p.digit_timeout, 7000ms);  // digit_timeout defaults to timeout
  EXPECT_EQ(p.terminators, "#");
  EXPECT_EQ(p.var_name, "ctib_digits");
  EXPECT_EQ(p.invalid_file, "");
  EXPECT_FALSE(p.regexp.has_value());
}

TEST(DecodeDigits, TerminatorsNoneMeansNoTerminator) {
  const auto p = prompt_of(
      R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 1, "terminators": "none",
          "file": "/p.wav"})");
  EXPECT_EQ(p.terminators, "");
}

TEST(DecodeDigits, ToneStreamPrompts) {
  const auto p = prompt_of(
      R"j({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 1,
          "file": "tone_stream://%(500,500,440)", "invalid_file": "tone_stream://%(200,100,400,450)"})j");
  EXPECT_EQ(p.file, "tone_stream://%(500,500,440)");
  EXPECT_EQ(p.invalid_file, "tone_stream://%(200,100,400,450)");
  const auto e = error_of(
      R"j({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 1, "file": "tone_stream://%(500,500)"})j");
  EXPECT_EQ(e.kind, Kind::BadDigitsParameter);
  EXPECT_NE(e.message.find("dial.file:"), std::string::npos) << e.message;
}

TEST(DecodeDigits, RequiredFields) {
  EXPECT_EQ(error_of(R"({"type": "play_and_get_digits", "max_digits": 4, "file": "/p.wav"})").kind,
            Kind::MissingField);
  EXPECT_EQ(error_of(R"({"type": "play_and_get_digits", "min_digits": 1, "file": "/p.wav"})").kind,
            Kind::MissingField);
  EXPECT_EQ(error_of(R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 4})").kind,
            Kind::MissingField);
}

TEST(DecodeDigits, RefusalsSayWhatAndWhere) {
  const auto e1 =
      error_of(R"({"type": "play_and_get_digits", "min_digits": 5, "max_digits": 4, "file": "/p"})");
  EXPECT_EQ(e1.kind, Kind::BadDigitsParameter);
  EXPECT_EQ(e1.message, "dial.min_digits: 5 is above max_digits 4");
  const auto e2 =
      error_of(R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 4, "file": "x.wav"})");
  EXPECT_EQ(e2.kind, Kind::BadDigitsParameter);
  EXPECT_NE(e2.message.find("dial.file:"), std::string::npos) << e2.message;
  const auto e3 = error_of(
      R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 4, "file": "/p", "regexp": "(["})");
  EXPECT_EQ(e3.kind, Kind::BadDigitsParameter);
  EXPECT_NE(e3.message.find("does not compile"), std::string::npos) << e3.message;
  const auto e4 = error_of(
      R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 4, "file": "/p", "tries": 0})");
  EXPECT_EQ(e4.kind, Kind::BadDigitsParameter);
  EXPECT_EQ(e4.message, "dial.tries: string \"0\" is not a whole number from 1 to 10");
  const auto e5 = error_of(
      R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 4, "file": "/p", "var_name": "a b"})");
  EXPECT_EQ(e5.kind, Kind::BadDigitsParameter);
  const auto e6 = error_of(
      R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 4, "file": "/p", "terminators": "x"})");
  EXPECT_EQ(e6.kind, Kind::BadDigitsParameter);
  const auto e7 =
      error_of(R"({"type": "play_and_get_digits", "min_digits": -1, "max_digits": 4, "file": "/p"})");
  EXPECT_EQ(e7.kind, Kind::WrongFieldType);
  const auto e8 =
      error_of(R"({"type": "play_and_get_digits", "min_digits": 1, "max_digits": 129, "file": "/p"})");
  EXPECT_EQ(e8.kind, Kind::BadDigitsParameter);
}

TEST(DecodeDigits, ToPlanIsEmpty) {
  auto r = decode_answer(
      R"({"dial": {"type": "play_and_get_digits", "min_digits": 1, "max_digits": 1, "file": "/p"}})");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(to_plan(*r).branches.empty());
}

}  // namespace
}  // namespace ctib::routing
