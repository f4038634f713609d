#include "numbers/model/names.hpp"

#include <array>
#include <utility>

namespace ctib::numbers::model {

namespace {

template <class E, std::size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<NumberState, 3> kNumberStates{{
    {NumberState::available, "available"},
    {NumberState::quarantined, "quarantined"},
    {NumberState::retired, "retired"},
}};
constexpr Table<Mode, 5> kModes{
    {{Mode::axb, "AXB"}, {Mode::axn, "AXN"}, {Mode::axyb, "AXYB"}, {Mode::axg, "AXG"}, {Mode::axe, "AXE"}}};
constexpr Table<Restriction, 3> kRestrictions{{
    {Restriction::none, "none"},
    {Restriction::a_to_x_barred, "a_to_x_barred"},
    {Restriction::b_to_x_barred, "b_to_x_barred"},
}};
constexpr Table<BindingState, 3> kBindingStates{{
    {BindingState::active, "active"},
    {BindingState::released, "released"},
    {BindingState::expired, "expired"},
}};
constexpr Table<Direction, 3> kDirections{{
    {Direction::a_to_peer, "a_to_peer"},
    {Direction::peer_to_a, "peer_to_a"},
    {Direction::intercepted, "intercepted"},
}};
constexpr Table<ReleaseSide, 3> kReleaseSides{{
    {ReleaseSide::caller, "caller"},
    {ReleaseSide::callee, "callee"},
    {ReleaseSide::platform, "platform"},
}};

template <class E, std::size_t N>
std::string_view lookup(const Table<E, N>& table, E v) noexcept {
  for (const auto& [value, text] : table) {
    if (value == v) return text;
  }
  return "unknown";
}

template <class E, std::size_t N>
std::optional<E> reverse(const Table<E, N>& table, std::string_view text) noexcept {
  for (const auto& [value, spelled] : table) {
    if (spelled == text) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view name(NumberState v) noexcept { return lookup(kNumberStates, v); }
std::string_view name(Mode v) noexcept { return lookup(kModes, v); }
std::string_view name(Restriction v) noexcept { return lookup(kRestrictions, v); }
std::string_view name(BindingState v) noexcept { return lookup(kBindingStates, v); }
std::string_view name(Direction v) noexcept { return lookup(kDirections, v); }
std::string_view name(ReleaseSide v) noexcept { return lookup(kReleaseSides, v); }

template <>
std::optional<NumberState> parse_name<NumberState>(std::string_view t) noexcept { return reverse(kNumberStates, t); }
template <>
std::optional<Mode> parse_name<Mode>(std::string_view t) noexcept { return reverse(kModes, t); }
template <>
std::optional<Restriction> parse_name<Restriction>(std::string_view t) noexcept { return reverse(kRestrictions, t); }
template <>
std::optional<BindingState> parse_name<BindingState>(std::string_view t) noexcept { return reverse(kBindingStates, t); }
template <>
std::optional<Direction> parse_name<Direction>(std::string_view t) noexcept { return reverse(kDirections, t); }
template <>
std::optional<ReleaseSide> parse_name<ReleaseSide>(std::string_view t) noexcept { return reverse(kReleaseSides, t); }

}  // namespace ctib::numbers::model
