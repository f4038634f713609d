#pragma once
// Phone numbers at the edge: whatever a client or the engine sends (E.164,
// 00-prefixed, national with a trunk 0, bare national) becomes one canonical
// E.164 string "+<cc><nsn>", so "13800138000", "+86 138-0013-8000" and
// "008613800138000" are the same party everywhere (conflict checks, routing,
// records).

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "libs/base/expected.hpp"

namespace ctib::numbers::model {

struct NumberPlan {
  std::string country_code = "86";
  // A bare digit string longer than this already carries its country code
  // ("8613800138000"); up to this length it is a national number.
  std::size_t national_max_length = 11;
};

// Canonical E.164 with '+', or a message saying why the text is not a number.
base::Expected<std::string, std::string> normalise_number(std::string_view raw, const NumberPlan& plan);

// How numbers are written into the routing answer (the number dialled and
// the caller id shown), per gateway: carriers differ, and a carrier that
// expects "010…" drops or refuses "1095013001". The canonical form stays
// inside.
//  - e164: "+8613800138000", "+861095013001"
//  - digits: "8613800138000"
//  - national: as dialled at home, with the trunk prefix "0" where the
//    home plan dials one: "13800138000" (mobile), "01095013001" (Beijing),
//    "0755…"; numbers of other countries stay E.164 ("+14155550100"), which
//    carriers route and which no national spelling can say.
//  - as_imported: the shown middle number as the pool import was given it;
//    a number without one (the callee, a number imported before this
//    existed) is written national.
enum class DialFormat { e164, digits, national, as_imported };

// `imported` is the text the pool import was given for this number ("" =
// unknown); only as_imported reads it.
std::string format_number(std::string_view canonical, DialFormat format, const NumberPlan& plan,
                          std::string_view imported = {});

// The format of each gateway's routing answers: the carrier behind a trunk
// decides how it wants numbers, so the format follows the gateway the call
// leaves through ([numbers] dial_format and [numbers.gateway_formats]).
struct DialFormats {
  DialFormat fallback = DialFormat::national;
  std::map<std::string, DialFormat, std::less<>> by_gateway;

  [[nodiscard]] DialFormat for_gateway(std::string_view gateway) const {
    const auto it = by_gateway.find(gateway);
    return it == by_gateway.end() ? fallback : it->second;
  }
};

// "e164", "digits", "national", "as-imported" (the config's spelling).
std::optional<DialFormat> parse_dial_format(std::string_view text);

}  // namespace ctib::numbers::model
