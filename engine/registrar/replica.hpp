#pragma once
// Registrations shared by N engine workers (decision 0020): the changes a
// worker's REGISTERs make are encoded here, sent to every other worker over
// the workers' mesh, and applied there, so a user registered through one
// worker can be dialled by a call on any. The encoding is the workers' own
// (one machine, one build): little-endian lengths and numbers, the
// Binding's fields in order. decode_changes reads it back and refuses
// anything short, long or malformed.
//
// Threading: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/registrar/bindings.hpp"

namespace ctib::registrar {

std::string encode_changes(const std::vector<Change>& changes);
std::optional<std::vector<Change>> decode_changes(std::string_view bytes);

}  // namespace ctib::registrar
