#include <array>
#include <string>

#include "engine/routing/answer_fields.hpp"

namespace ctib::routing {

namespace {

using detail::answer_error;
using detail::Decoded;
using detail::describe;
using detail::Json;
using Kind = AnswerError::Kind;

struct TypographicQuote {
  std::string_view utf8;
  std::string_view code_point;
};
// The quotes word processors and chat apps substitute for " and '. Users
// paste answers from documents; naming the character saves a day of
// staring at a JSON that "looks right".
constexpr std::array<TypographicQuote, 4> kTypographicQuotes{{
    {"\xE2\x80\x9C", "U+201C"},  // “
    {"\xE2\x80\x9D", "U+201D"},  // ”
    {"\xE2\x80\x98", "U+2018"},  // ‘
    {"\xE2\x80\x99", "U+2019"},  // ’
}};

// The first typographic quote outside an ASCII "..." string. Inside strings
// they are legitimate text (a caller name "O’Brien"); outside they can only
// be a pasted quote, since JSON allows no non-ASCII byte there.
std::optional<AnswerError> find_typographic_quote(std::string_view body) {
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    for (const auto& quote : kTypographicQuotes) {
      if (body.substr(i, quote.utf8.size()) == quote.utf8) {
        const bool single = quote.code_point == "U+2018" || quote.code_point == "U+2019";
        return answer_error(Kind::TypographicQuotes, "body is not JSON: typographic quotes (" +
                                                         std::string(quote.code_point) + ") at byte " +
                                                         std::to_string(i) + " — use ASCII \"" +
                                                         (single ? " (JSON has no single-quoted strings)" : ""));
      }
    }
  }
  return std::nullopt;
}

// nlohmann reports syntax errors only by exception; it is caught here, at the
// edge, and turned into NotJson with the parser's own description.
Decoded<Json> parse_json(std::string_view body) {
  try {
    return Json::parse(body);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    // Drop the "[json.exception.parse_error.101] " prefix; keep "parse error at ...".
    if (const auto bracket = what.find("] "); bracket != std::string::npos) what.erase(0, bracket + 2);
    return base::unexpected(answer_error(Kind::NotJson, "body is not JSON: " + what));
  } catch (const Json::exception& e) {
    return base::unexpected(answer_error(Kind::NotJson, std::string("body is not JSON: ") + e.what()));
  }
}

// Numbers and booleans are accepted because interfaces written in weakly
// typed languages emit 123 for "123"; FreeSWITCH variables are text anyway.
Decoded<std::string> variable_value(const std::string& name, const Json& value) {
  if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
  if (value.is_number()) return value.dump();
  if (!value.is_string()) {
    return base::unexpected(answer_error(Kind::BadVariableValue, "variables." + name + ": found " +
                                                                     describe(value) +
                                                                     ", expected a string, number or boolean"));
  }
  std::string text = value.get<std::string>();
  if (auto at = detail::find_control(text)) {
    return base::unexpected(answer_error(Kind::BadVariableValue,
                                         "variables." + name + ": control character at byte " +
                                             std::to_string(*at) + " (values must be one line of text)"));
  }
  return text;
}

Decoded<Variables> decode_variables(const Json& answer) {
  Variables vars;
  const auto it = answer.find("variables");
  // null, and the [] PHP's json_encode() writes for an empty array, both mean
  // "no variables".
  if (it == answer.end() || it->is_null() || (it->is_array() && it->empty())) return vars;
  if (!it->is_object()) {
    return base::unexpected(answer_error(Kind::VariablesNotAnObject, "variables: found " + describe(*it) +
                                                                         ", expected an object {\"name\": \"value\"}"));
  }
  for (const auto& [name, value] : it->items()) {
    if (name.empty() || detail::find_control(name)) {
      return base::unexpected(answer_error(Kind::BadVariableName, "variables: the name " + Json(name).dump() +
                                                                      " is empty or holds a control character"));
    }
    auto text = variable_value(name, value);
    if (!text) return base::unexpected(text.error());
    // An empty value deletes, as `{name=}` does in FreeSWITCH.
    vars.set(name, *text);
  }
  return vars;
}

}  // namespace

Decoded<RouteDecision> decode_answer(std::string_view body) {
  if (body.size() > kMaxAnswerBytes) {
    return base::unexpected(answer_error(Kind::TooLarge, "body is " + std::to_string(body.size()) +
                                                             " bytes, more than the " +
                                                             std::to_string(kMaxAnswerBytes) + " allowed"));
  }
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return base::unexpected(answer_error(Kind::NotJson, "body is empty, expected a JSON object with \"dial\""));
  }
  if (auto quote = find_typographic_quote(body)) return base::unexpected(*quote);
  auto answer = parse_json(body);
  if (!answer) return base::unexpected(answer.error());
  if (!answer->is_object()) {
    return base::unexpected(answer_error(Kind::NotAnObject, "body: found " + describe(*answer) +
                                                                ", expected an object {\"dial\": {...}}"));
  }
  auto vars = decode_variables(*answer);
  if (!vars) return base::unexpected(vars.error());
  const auto dial = answer->find("dial");
  if (dial == answer->end()) {
    return base::unexpected(
        answer_error(Kind::MissingDial, "dial: missing, expected an object {\"type\": ..., ...}"));
  }
  if (!dial->is_object()) {
    return base::unexpected(answer_error(Kind::DialNotAnObject, "dial: found " + describe(*dial) +
                                                                    ", expected an object {\"type\": ..., ...}"));
  }
  auto decoded = detail::decode_dial(*dial, detail::DialContext{*vars});
  if (!decoded) return base::unexpected(decoded.error());
  return RouteDecision{std::move(*vars), std::move(*decoded)};
}

}  // namespace ctib::routing
