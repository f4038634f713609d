#pragma once
// Every statement the SQLite backend runs. Writers take the database lock at
// BEGIN (IMMEDIATE), which serialises binding sessions and record merges, so
// no extra lock statement or FOR UPDATE is needed.

#include "numbers/storage/portable_sql.hpp"
#include "numbers/storage/statements.hpp"

namespace ctib::numbers::storage::sqlite {

inline constexpr Statements kStatements{
    .begin_read = "BEGIN DEFERRED",
    .begin_write = "BEGIN IMMEDIATE",
    .lock_bindings = "",
    .commit = "COMMIT",
    .rollback = "ROLLBACK",
    .create_migrations_table = sql::kCreateMigrationsTable,
    .select_migrations = sql::kSelectMigrations,
    .insert_migration = sql::kInsertMigration,
    .insert_number = sql::kInsertNumber,
    .update_number = sql::kUpdateNumber,
    .select_number = sql::kSelectNumber,
    .list_numbers = sql::kListNumbers,
    .count_numbers = sql::kCountNumbers,
    .pool_candidates = sql::kPoolCandidates,
    .blocked_numbers = sql::kBlockedNumbers,
    .insert_binding = sql::kInsertBinding,
    .update_binding = sql::kUpdateBinding,
    .select_binding = sql::kSelectBinding,
    .select_live_by_out_id = sql::kSelectLiveByOutId,
    .live_bindings_on = sql::kLiveBindingsOn,
    .list_bindings = sql::kListBindings,
    .count_bindings = sql::kCountBindings,
    .sweep_expired = sql::kSweepExpired,
    .ensure_record = sql::kEnsureRecord,
    .select_record_for_update = sql::kSelectRecord,
    .select_record = sql::kSelectRecord,
    .update_record = sql::kUpdateRecord,
    .list_records = sql::kListRecords,
    .count_records = sql::kCountRecords,
};

// Run once per connection. WAL lets readers go on while one writer writes;
// busy_timeout makes a second writer wait for the lock instead of failing.
inline constexpr std::string_view kConnectionSetup =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA busy_timeout = 10000;";

}  // namespace ctib::numbers::storage::sqlite
