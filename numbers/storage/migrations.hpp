#pragma once
// Schema migrations: the numbered files of migrations/, embedded at build
// time, applied in order at start-up by migrate(). Both backends run the same
// files, so the SQL in them sticks to what SQLite and PostgreSQL share.

#include <cstdint>
#include <string_view>
#include <vector>

#include "numbers/model/clock.hpp"

namespace ctib::numbers::storage {

class SqlConnection;
struct Statements;

struct Migration {
  std::int64_t version;  // from the file name, "0002_bindings.sql" → 2
  std::string_view name;
  std::string_view sql;
};

// Every migration, ordered by version.
const std::vector<Migration>& migrations();

// Applies the migrations not yet recorded in schema_migrations, each in its
// own transaction. Returns how many were applied.
int migrate(SqlConnection& connection, const Statements& sql, model::Instant now);

}  // namespace ctib::numbers::storage
