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
    .pool_candidates_any_area = sql::kPoolCandidatesAnyArea,
    .pool_candidates_in_area = sql::kPoolCandidatesInArea,
    .add_active_pairs = sql::kAddActivePairs,
    .blocked_numbers = sql::kBlockedNumbers,
    .insert_binding = sql::kInsertBinding,
    .update_binding = sql::kUpdateBinding,
    .select_binding = sql::kSelectBinding,
    .select_binding_count = sql::kSelectBindingCount,
    .select_live_by_out_id = sql::kSelectLiveByOutId,
    .live_bindings_on = sql::kLiveBindingsOn,
    .live_bindings_for = sql::kLiveBindingsFor,
    .list_bindings = sql::kListBindings,
    .count_bindings = sql::kCountBindings,
    .uncount_expired = sql::kUncountExpired,
    .sweep_expired = sql::kSweepExpired,
    .insert_record_if_absent = sql::kInsertRecordIfAbsent,
    .ensure_record = sql::kEnsureRecord,
    .select_record_for_update = sql::kSelectRecord,
    .select_record = sql::kSelectRecord,
    .update_record = sql::kUpdateRecord,
    .list_records = sql::kListRecords,
    .count_records = sql::kCountRecords,
};

// Run once per connection. WAL lets readers go on while one writer writes;
// busy_timeout makes a second writer wait for the lock instead of failing.
// Reads go through a memory map of the database file (SQLite caps the size
// at its compile-time maximum): in WAL mode every commit (the record writer
// commits every few ms) empties the other connections' page caches, so
// routing lookups re-read their pages, and copying each out of the kernel
// (pread) was the largest single cost of a routing answer.
inline constexpr std::string_view kConnectionSetup =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA busy_timeout = 10000;"
    "PRAGMA mmap_size = 17179869184;";

// The file grows in steps this large: each growth makes every connection
// map the file again (and fault its pages back in), so it should be rare.
inline constexpr int kGrowthChunk = 64 * 1024 * 1024;

}  // namespace ctib::numbers::storage::sqlite
