#pragma once
// Small text helpers used by the parsers. Kept here so no parser grows its
// own copy of case-insensitive compare or trimming.

#include <optional>
#include <string>
#include <string_view>

namespace ctib::base {

// ASCII case-insensitive equality (SIP tokens, cause names, booleans).
bool iequals(std::string_view a, std::string_view b) noexcept;

std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);

// Leading/trailing spaces and tabs removed.
std::string_view trim(std::string_view s) noexcept;

// FreeSWITCH's switch_true(): yes|on|true|t|enabled|active|allow (any case) or
// a non-zero integer. Everything else, including the empty string, is false.
bool is_true(std::string_view s) noexcept;

// A whole decimal integer (optional leading '-'), nothing else; nullopt on
// anything that is not exactly that or overflows.
std::optional<long long> parse_int(std::string_view s) noexcept;

}  // namespace ctib::base
