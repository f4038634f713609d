// Every malformed answer yields its kind and a message that points at the
// field, what was found, and what was expected.
#include <gtest/gtest.h>

#include <initializer_list>

#include "engine/routing/decision.hpp"

namespace ctib::routing {
namespace {

using Kind = AnswerError::Kind;

void expect_error(std::string_view body, Kind kind, std::initializer_list<std::string_view> words) {
  auto r = decode_answer(body);
  ASSERT_FALSE(r.has_value()) << body;
  EXPECT_EQ(name(r.error().kind), name(kind)) << body << "\n  -> " << r.error().message;
  for (std::string_view word : words) {
    EXPECT_NE(r.error().message.find(word), std::string::npos)
        << "'" << word << "' not in: " << r.error().message;
  }
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << "one log line: " << r.error().message;
}

TEST(AnswerErrors, TooLarge) {
  std::string body = R"({"dial": {"type": "user", "user": "1"}, "pad": ")";
  body += std::string(kMaxAnswerBytes, 'x');
  body += "\"}";
  expect_error(body, Kind::TooLarge, {"body is", "65536"});
}

TEST(AnswerErrors, EmptyBody) {
  expect_error("", Kind::NotJson, {"body is empty"});
  expect_error(" \r\n\t", Kind::NotJson, {"body is empty"});
}

TEST(AnswerErrors, NotJson) {
  expect_error("<html>502 Bad Gateway</html>", Kind::NotJson, {"body is not JSON", "parse error"});
  expect_error(R"({"dial": {"type": "user", "user": "1"})", Kind::NotJson, {"body is not JSON"});
  expect_error(R"({'dial': {'type': 'user'}})", Kind::NotJson, {"body is not JSON"});
  expect_error(R"({"dial": {"type": "user", "user": "1"}} trailing)", Kind::NotJson, {"body is not JSON"});
}

TEST(AnswerErrors, InvalidUtf8InString) {
  expect_error("{\"dial\": {\"type\": \"user\", \"user\": \"\xff\"}}", Kind::NotJson, {"body is not JSON"});
}

TEST(AnswerErrors, TypographicDoubleQuotes) {
  // {“dial”: ...}: “ is at byte 1.
  expect_error("{\xE2\x80\x9C" "dial\xE2\x80\x9D: {}}", Kind::TypographicQuotes,
               {"body is not JSON: typographic quotes (U+201C) at byte 1", "use ASCII \""});
}

TEST(AnswerErrors, TypographicQuoteAfterAsciiStrings) {
  const std::string body = "{\"dial\": {\"type\": \xE2\x80\x9Dgateway\xE2\x80\x9D}}";
  expect_error(body, Kind::TypographicQuotes, {"U+201D", "at byte 18"});
}

TEST(AnswerErrors, TypographicSingleQuotes) {
  expect_error("{\xE2\x80\x98" "dial\xE2\x80\x99: 1}", Kind::TypographicQuotes, {"U+2018", "single-quoted"});
}

TEST(AnswerErrors, NotAnObject) {
  expect_error(R"([{"dial": {}}])", Kind::NotAnObject, {"body", "an array", "expected an object"});
  expect_error("\"ok\"", Kind::NotAnObject, {"string \"ok\""});
  expect_error("null", Kind::NotAnObject, {"null"});
  expect_error("42", Kind::NotAnObject, {"number 42"});
}

TEST(AnswerErrors, VariablesNotAnObject) {
  expect_error(R"({"variables": "a=1", "dial": {"type": "user", "user": "1"}})", Kind::VariablesNotAnObject,
               {"variables:", "string \"a=1\"", "expected an object"});
  expect_error(R"({"variables": ["a"], "dial": {"type": "user", "user": "1"}})", Kind::VariablesNotAnObject,
               {"an array"});
}

TEST(AnswerErrors, BadVariableValue) {
  expect_error(R"({"variables": {"a": null}, "dial": {"type": "user", "user": "1"}})", Kind::BadVariableValue,
               {"variables.a:", "null", "expected a string, number or boolean"});
  expect_error(R"({"variables": {"b": {"x": 1}}, "dial": {"type": "user", "user": "1"}})",
               Kind::BadVariableValue, {"variables.b:", "an object"});
  expect_error(R"({"variables": {"c": [1, 2]}, "dial": {"type": "user", "user": "1"}})", Kind::BadVariableValue,
               {"variables.c:", "an array"});
}

TEST(AnswerErrors, VariableValueWithLineBreak) {
  expect_error(R"({"variables": {"sip_h_X-A": "a\r\nVia: evil"}, "dial": {"type": "user", "user": "1"}})",
               Kind::BadVariableValue, {"variables.sip_h_X-A:", "control character at byte 1"});
}

TEST(AnswerErrors, BadVariableName) {
  expect_error(R"({"variables": {"": "1"}, "dial": {"type": "user", "user": "1"}})", Kind::BadVariableName,
               {"variables:", "empty"});
}

TEST(AnswerErrors, MissingDial) {
  expect_error(R"({"variables": {"a": "1"}})", Kind::MissingDial, {"dial: missing"});
  expect_error(R"({})", Kind::MissingDial, {"dial: missing"});
}

TEST(AnswerErrors, DialNotAnObject) {
  expect_error(R"({"dial": "sofia/gateway/gw/1"})", Kind::DialNotAnObject,
               {"dial:", "string \"sofia/gateway/gw/1\"", "expected an object"});
  expect_error(R"({"dial": null})", Kind::DialNotAnObject, {"dial: found null"});
}

TEST(AnswerErrors, MissingDialType) {
  expect_error(R"({"dial": {"gateway": "gw", "number": "1"}})", Kind::MissingDialType,
               {"dial.type: missing", "gateway, user, ip, dialstring, hangup"});
}

TEST(AnswerErrors, DialTypeNotAString) {
  expect_error(R"({"dial": {"type": 1}})", Kind::WrongFieldType, {"dial.type:", "number 1", "expected a string"});
}

TEST(AnswerErrors, UnknownDialType) {
  expect_error(R"({"dial": {"type": "sip", "number": "1"}})", Kind::UnknownDialType,
               {"dial.type:", "\"sip\"", "is not one of gateway, user, ip, dialstring, hangup"});
}

TEST(AnswerErrors, MissingFieldNamesTheType) {
  expect_error(R"({"dial": {"type": "gateway", "number": "1"}})", Kind::MissingField,
               {"dial.gateway: missing", "dial.type gateway"});
  expect_error(R"({"dial": {"type": "gateway", "gateway": "gw"}})", Kind::MissingField, {"dial.number: missing"});
  expect_error(R"({"dial": {"type": "user", "number": "1"}})", Kind::MissingField, {"dial.user: missing"});
  expect_error(R"({"dial": {"type": "ip", "number": "1", "ip": "192.0.2.1"}})", Kind::MissingField,
               {"dial.sofia: missing", "dial.type ip"});
  expect_error(R"({"dial": {"type": "ip", "number": "1", "sofia": "external"}})", Kind::MissingField,
               {"dial.ip: missing"});
  expect_error(R"({"dial": {"type": "ip", "ip": "192.0.2.1", "sofia": "external"}})", Kind::MissingField,
               {"dial.number: missing"});
  expect_error(R"({"dial": {"type": "dialstring"}})", Kind::MissingField, {"dial.dialstring: missing"});
  expect_error(R"({"dial": {"type": "hangup"}})", Kind::MissingField, {"cause or sipcode"});
}

TEST(AnswerErrors, WrongFieldType) {
  expect_error(R"({"dial": {"type": "gateway", "gateway": 5, "number": "1"}})", Kind::WrongFieldType,
               {"dial.gateway:", "number 5", "expected a string"});
  expect_error(R"({"dial": {"type": "gateway", "gateway": "gw", "number": -1}})", Kind::WrongFieldType,
               {"dial.number:", "number -1", "whole number >= 0"});
  expect_error(R"({"dial": {"type": "gateway", "gateway": "gw", "number": 1.5}})", Kind::WrongFieldType,
               {"dial.number:", "number 1.5"});
  expect_error(R"({"dial": {"type": "gateway", "gateway": "gw", "number": ["1"]}})", Kind::WrongFieldType,
               {"dial.number:", "an array"});
  expect_error(R"({"dial": {"type": "hangup", "cause": true}})", Kind::WrongFieldType,
               {"dial.cause:", "true", "expected a cause name or number"});
  expect_error(R"({"dial": {"type": "hangup", "sipcode": null}})", Kind::WrongFieldType,
               {"dial.sipcode:", "null", "integer 400-699"});
}

TEST(AnswerErrors, EmptyField) {
  expect_error(R"({"dial": {"type": "gateway", "gateway": "", "number": "1"}})", Kind::EmptyField,
               {"dial.gateway: is an empty string"});
  expect_error(R"({"dial": {"type": "gateway", "gateway": "gw", "number": ""}})", Kind::EmptyField,
               {"dial.number"});
  expect_error(R"({"dial": {"type": "hangup", "cause": " "}})", Kind::EmptyField, {"dial.cause"});
}

TEST(AnswerErrors, ControlCharacterInField) {
  expect_error(R"({"dial": {"type": "gateway", "gateway": "gw", "number": "12\n34"}})", Kind::BadText,
               {"dial.number:", "U+000A", "at byte 2"});
}

TEST(AnswerErrors, BadSipcode) {
  expect_error(R"({"dial": {"type": "hangup", "sipcode": 700}})", Kind::BadSipcode,
               {"dial.sipcode: 700 is outside 400-699"});
  expect_error(R"({"dial": {"type": "hangup", "sipcode": 200}})", Kind::BadSipcode, {"200 is outside 400-699"});
  expect_error(R"({"dial": {"type": "hangup", "sipcode": "abc"}})", Kind::BadSipcode,
               {"dial.sipcode:", "\"abc\"", "integer 400-699"});
  expect_error(R"({"dial": {"type": "hangup", "sipcode": 486.5}})", Kind::BadSipcode, {"number 486.5"});
  expect_error(R"({"dial": {"type": "hangup", "sipcode": 18446744073709551615}})", Kind::BadSipcode,
               {"18446744073709551615 is outside"});
}

TEST(AnswerErrors, BadSipcodeEvenWithValidCause) {
  expect_error(R"({"dial": {"type": "hangup", "cause": 16, "sipcode": 399}})", Kind::BadSipcode, {"399"});
}

TEST(AnswerErrors, UnknownCause) {
  expect_error(R"({"dial": {"type": "hangup", "cause": 999}})", Kind::UnknownCause,
               {"dial.cause: 999 is not a FreeSWITCH hangup cause", "USER_BUSY"});
  expect_error(R"({"dial": {"type": "hangup", "cause": "USR_BUSY"}})", Kind::UnknownCause, {"\"USR_BUSY\""});
  expect_error(R"({"dial": {"type": "hangup", "cause": -1}})", Kind::UnknownCause, {"-1"});
  expect_error(R"({"dial": {"type": "hangup", "cause": 16.0}})", Kind::WrongFieldType, {"number 16.0"});
}

TEST(AnswerErrors, BadIp) {
  const auto ip = [](std::string_view value) {
    return std::string(R"({"dial": {"type": "ip", "number": "1", "sofia": "external", "ip": ")") +
           std::string(value) + "\"}}";
  };
  expect_error(ip("192.0.2.300:5060"), Kind::BadIp, {"dial.ip:", "\"192.0.2.300:5060\"", "not an IPv4"});
  expect_error(ip("192.0.2.1:0"), Kind::BadIp, {"port '0'"});
  expect_error(ip("192.0.2.1:65536"), Kind::BadIp, {"port '65536'", "1-65535"});
  expect_error(ip("192.0.2.1:"), Kind::BadIp, {"port ''"});
  expect_error(ip("192.0.2.1:50a"), Kind::BadIp, {"port '50a'"});
  expect_error(ip("2001:db8::1:5060x"), Kind::BadIp, {"needs brackets"});
  expect_error(ip("[2001:db8::1"), Kind::BadIp, {"without ']'"});
  expect_error(ip("[192.0.2.1]:5060"), Kind::BadIp, {"not an IPv6"});
  expect_error(ip("[2001:db8::1]5060"), Kind::BadIp, {"after ']'"});
  expect_error(ip("158@192.0.2.1"), Kind::BadIp, {"user part comes from dial.number"});
  expect_error(ip("sip:192.0.2.1"), Kind::BadIp, {"sip: scheme"});
  expect_error(ip("bad_host-.example"), Kind::BadIp, {"'bad_host-.example' is not a valid host name"});
  expect_error(ip("a..b"), Kind::BadIp, {"host name"});
  expect_error(ip("192.0.2.1 5060"), Kind::BadIp, {"space"});
  expect_error(ip(":5060"), Kind::BadIp, {"no host"});
  expect_error(ip(";transport=tcp"), Kind::BadIp, {"no host"});
}

TEST(AnswerErrors, BadDialstring) {
  expect_error(R"({"dial": {"type": "dialstring", "dialstring": "{a=1}"}})", Kind::BadDialstring,
               {"dial.dialstring:", "at byte", "\"{a=1}\""});
}

TEST(AnswerErrorKinds, EveryKindHasAName) {
  for (Kind k : {Kind::TooLarge, Kind::NotJson, Kind::TypographicQuotes, Kind::NotAnObject,
                 Kind::VariablesNotAnObject, Kind::BadVariableName, Kind::BadVariableValue, Kind::MissingDial,
                 Kind::DialNotAnObject, Kind::MissingDialType, Kind::UnknownDialType, Kind::MissingField,
                 Kind::WrongFieldType, Kind::EmptyField, Kind::BadText, Kind::BadSipcode, Kind::UnknownCause,
                 Kind::BadIp, Kind::BadDialstring}) {
    EXPECT_NE(name(k), "unknown");
  }
  EXPECT_EQ(name(Kind::BadSipcode), "bad_sipcode");
}

}  // namespace
}  // namespace ctib::routing
