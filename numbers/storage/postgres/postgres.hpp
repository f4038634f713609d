#pragma once
// The PostgreSQL backend (libpq), for deployments that run several service
// instances or already operate PostgreSQL.

#include <cstddef>
#include <memory>
#include <string>

#include "numbers/storage/repository.hpp"

namespace ctib::numbers::storage::postgres {

// Connects with `conninfo` (libpq syntax, e.g. "host=/tmp port=5432
// dbname=numbers") and applies pending migrations. Throws StorageError.
std::unique_ptr<Repository> open(const std::string& conninfo, std::size_t pool_size, model::Instant now);

}  // namespace ctib::numbers::storage::postgres
