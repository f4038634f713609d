#include "numbers/model/axe.hpp"

namespace ctib::numbers::model {

std::string extension_variable(std::int64_t round) {
  return std::string(kExtensionVariablePrefix) + std::to_string(round);
}

std::optional<std::int64_t> extension_round(std::string_view name) noexcept {
  if (!name.starts_with(kExtensionVariablePrefix)) return std::nullopt;
  const std::string_view round = name.substr(kExtensionVariablePrefix.size());
  // One digit: rounds are 1..5; "01" or "1x" are not a name we gave.
  if (round.size() != 1 || round[0] < '1' || round[0] > '0' + kMaxDigitRounds) return std::nullopt;
  return round[0] - '0';
}

}  // namespace ctib::numbers::model
