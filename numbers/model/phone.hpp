#pragma once
// Phone numbers at the edge: whatever a client or the engine sends (E.164,
// 00-prefixed, national with a trunk 0, bare national) becomes one canonical
// E.164 string "+<cc><nsn>", so "13800138000", "+86 138-0013-8000" and
// "008613800138000" are the same party everywhere (conflict checks, routing,
// records).

#include <cstddef>
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
// the caller id shown). Carriers differ; the canonical form stays inside.
enum class DialFormat { e164, digits, national };

// "+8613800138000" as e164 "+8613800138000", digits "8613800138000",
// national "13800138000" (numbers of other countries: "00" + digits).
std::string format_number(std::string_view canonical, DialFormat format, const NumberPlan& plan);

}  // namespace ctib::numbers::model
