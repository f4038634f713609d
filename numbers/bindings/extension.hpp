#pragma once
// Choosing an AXE extension (decision 0026): a fixed number of decimal
// digits per X, unique among X's active AXE bindings, picked at random so
// that an extension does not tell how many parties share X or which one
// was bound last.

#include <cstddef>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "libs/base/expected.hpp"
#include "numbers/model/failure.hpp"

namespace ctib::numbers::bindings {

// The length X's extensions have: that of the ones already taken on X, else
// `wanted` (a given extension's length, or the configured default).
std::size_t extension_length(const std::vector<std::string>& taken_on_x, std::size_t wanted);

// `given` when it fits X (its length, not taken); else one chosen uniformly
// at random among the free extensions of `length` digits. Conflict when the
// given one is taken or has another length, exhausted when every extension
// of that length is taken.
base::Expected<std::string, model::Failure> choose_extension(const std::string& given,
                                                             const std::vector<std::string>& taken_on_x,
                                                             std::size_t length, std::mt19937_64& random);

}  // namespace ctib::numbers::bindings
