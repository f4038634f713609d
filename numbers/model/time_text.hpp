#pragma once
// RFC 3339 timestamps, the way the API writes and reads instants.

#include <optional>
#include <string>
#include <string_view>

#include "numbers/model/clock.hpp"

namespace ctib::numbers::model {

// "2024-05-01T08:00:00Z"
std::string format_time(Instant t);

// "2024-05-01T08:00:00Z", "2024-05-01T16:00:00+08:00", fractions ignored.
// nullopt on anything else.
std::optional<Instant> parse_time(std::string_view text) noexcept;

}  // namespace ctib::numbers::model
