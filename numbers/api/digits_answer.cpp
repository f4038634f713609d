#include "numbers/api/digits_answer.hpp"

#include <nlohmann/json.hpp>

namespace ctib::numbers::api {

std::string digits_answer_json(const model::AxeSettings& s, std::size_t length, std::int64_t round) {
  const std::string& file = round > 1 && !s.retry_prompt.empty() ? s.retry_prompt : s.prompt;
  nlohmann::json dial = {{"type", "play_and_get_digits"},
                         {"min_digits", length},
                         {"max_digits", length},
                         {"tries", s.tries},
                         {"timeout", s.timeout_ms},
                         {"digit_timeout", s.digit_timeout_ms},
                         {"terminators", s.terminators},
                         {"file", file},
                         {"var_name", model::extension_variable(round)},
                         {"regexp", "^[0-9]+$"}};
  if (!s.invalid_prompt.empty()) dial["invalid_file"] = s.invalid_prompt;
  return nlohmann::json{{"dial", std::move(dial)}}.dump();
}

}  // namespace ctib::numbers::api
