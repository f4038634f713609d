#pragma once
// The SQLite backend: the embedded default. One database file in WAL mode,
// a small pool of connections to it.

#include <cstddef>
#include <memory>
#include <string>

#include "numbers/storage/repository.hpp"

namespace ctib::numbers::storage::sqlite {

// Opens (creating if needed) the database at `path` and applies pending
// migrations. Throws StorageError when it cannot.
std::unique_ptr<Repository> open(const std::string& path, std::size_t pool_size, model::Instant now);

}  // namespace ctib::numbers::storage::sqlite
