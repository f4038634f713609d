#include <array>
#include <string>

#include "engine/routing/answer_fields.hpp"

namespace ctib::routing {

namespace {

using Kind = AnswerError::Kind;

struct KindName {
  Kind kind;
  std::string_view name;
};
constexpr std::array<KindName, 20> kKindNames{{
    {Kind::TooLarge, "too_large"},
    {Kind::NotJson, "not_json"},
    {Kind::TypographicQuotes, "typographic_quotes"},
    {Kind::NotAnObject, "not_an_object"},
    {Kind::VariablesNotAnObject, "variables_not_an_object"},
    {Kind::BadVariableName, "bad_variable_name"},
    {Kind::BadVariableValue, "bad_variable_value"},
    {Kind::MissingDial, "missing_dial"},
    {Kind::DialNotAnObject, "dial_not_an_object"},
    {Kind::MissingDialType, "missing_dial_type"},
    {Kind::UnknownDialType, "unknown_dial_type"},
    {Kind::MissingField, "missing_field"},
    {Kind::WrongFieldType, "wrong_field_type"},
    {Kind::EmptyField, "empty_field"},
    {Kind::BadText, "bad_text"},
    {Kind::BadSipcode, "bad_sipcode"},
    {Kind::UnknownCause, "unknown_cause"},
    {Kind::BadIp, "bad_ip"},
    {Kind::BadDialstring, "bad_dialstring"},
    {Kind::BadDigitsParameter, "bad_digits_parameter"},
}};

// Long values would drown the log line; the start is enough to find them.
constexpr std::size_t kShownStringBytes = 64;

}  // namespace

std::string_view name(AnswerError::Kind kind) noexcept {
  for (const auto& row : kKindNames) {
    if (row.kind == kind) return row.name;
  }
  return "unknown";
}

namespace detail {

AnswerError answer_error(AnswerError::Kind kind, std::string message) { return {kind, std::move(message)}; }

std::string describe(const Json& value) {
  // dump() escapes control characters, so the description stays on one line;
  // `replace` turns a string cut inside a UTF-8 sequence into U+FFFD
  // instead of throwing.
  constexpr auto kReplace = Json::error_handler_t::replace;
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number " + value.dump();
    case Json::value_t::string: {
      const auto& s = value.get_ref<const std::string&>();
      if (s.size() <= kShownStringBytes) return "string " + Json(s).dump(-1, ' ', false, kReplace);
      return "string " + Json(s.substr(0, kShownStringBytes)).dump(-1, ' ', false, kReplace) + "...";
    }
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "a value of an unexpected kind";
  }
}

}  // namespace detail
}  // namespace ctib::routing
