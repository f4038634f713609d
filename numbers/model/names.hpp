#pragma once
// Wire and database names of the model's enums, as constexpr tables: the
// API, the storage and the docs all use these spellings.

#include <optional>
#include <string_view>

#include "numbers/model/types.hpp"

namespace ctib::numbers::model {

std::string_view name(NumberState v) noexcept;
std::string_view name(Mode v) noexcept;
std::string_view name(Restriction v) noexcept;
std::string_view name(BindingState v) noexcept;
std::string_view name(Direction v) noexcept;
std::string_view name(ReleaseSide v) noexcept;

template <class E>
std::optional<E> parse_name(std::string_view text) noexcept;

}  // namespace ctib::numbers::model
