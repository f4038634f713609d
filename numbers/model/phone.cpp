#include "numbers/model/phone.hpp"

namespace ctib::numbers::model {

namespace {

constexpr std::size_t kMinDigits = 7;   // shortest E.164 we accept (cc + subscriber)
constexpr std::size_t kMaxDigits = 15;  // ITU-T E.164 maximum

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_separator(char c) noexcept { return c == ' ' || c == '-' || c == '(' || c == ')' || c == '.'; }

}  // namespace

base::Expected<std::string, std::string> normalise_number(std::string_view raw, const NumberPlan& plan) {
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (is_separator(c)) continue;
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
      continue;
    }
    if (!is_digit(c)) return base::unexpected(std::string("must contain only digits, an optional leading '+' and separators"));
    digits.push_back(c);
  }
  if (digits.empty()) return base::unexpected(std::string("must not be empty"));
  std::string international;
  if (plus) {
    international = digits;
  } else if (digits.starts_with("00")) {
    international = digits.substr(2);
  } else if (digits.starts_with("0")) {
    international = plan.country_code + digits.substr(1);
  } else if (digits.size() > plan.national_max_length) {
    international = digits;
  } else {
    international = plan.country_code + digits;
  }
  if (international.empty() || international.front() == '0') {
    return base::unexpected(std::string("country code must not start with 0"));
  }
  if (international.size() < kMinDigits) return base::unexpected(std::string("is too short"));
  if (international.size() > kMaxDigits) return base::unexpected(std::string("is longer than E.164 allows (15 digits)"));
  return "+" + international;
}

namespace {

// The national spelling of a national significant number of the home plan.
// China (+86) dials mobiles (1[3-9] + 9 digits) and the non-geographic
// 400/800 numbers without a trunk prefix and every fixed line with "0" and
// its area code (010 Beijing, 02x, 0xxx); other plans get the usual "0".
std::string national_spelling(std::string_view nsn, const NumberPlan& plan) {
  if (plan.country_code == "86") {
    const bool mobile = nsn.size() == 11 && nsn[0] == '1' && nsn[1] >= '3' && nsn[1] <= '9';
    const bool non_geographic = nsn.size() == 10 && (nsn.starts_with("400") || nsn.starts_with("800"));
    if (mobile || non_geographic) return std::string(nsn);
  }
  return "0" + std::string(nsn);
}

}  // namespace

std::string format_number(std::string_view canonical, DialFormat format, const NumberPlan& plan,
                          std::string_view imported) {
  const std::string_view digits = canonical.starts_with('+') ? canonical.substr(1) : canonical;
  switch (format) {
    case DialFormat::e164:
      return "+" + std::string(digits);
    case DialFormat::digits:
      return std::string(digits);
    case DialFormat::as_imported:
      if (!imported.empty()) return std::string(imported);
      [[fallthrough]];
    case DialFormat::national:
      if (digits.starts_with(plan.country_code)) return national_spelling(digits.substr(plan.country_code.size()), plan);
      return "+" + std::string(digits);
  }
  return std::string(canonical);
}

std::optional<DialFormat> parse_dial_format(std::string_view text) {
  if (text == "e164") return DialFormat::e164;
  if (text == "digits") return DialFormat::digits;
  if (text == "national") return DialFormat::national;
  if (text == "as-imported") return DialFormat::as_imported;
  return std::nullopt;
}

}  // namespace ctib::numbers::model
