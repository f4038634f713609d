#pragma once
// Call records live in their own database file, attached to every
// connection as schema `records` beside the bindings' `main`.
//
// Why: in WAL mode a reader whose database changed since its last read
// drops its page cache and its memory map of the file (SQLite's pager
// unmaps it whole), so its next reads fault every page back in. The record
// writer commits every few ms; with the records in the bindings' file each
// of those commits did that to every routing connection (page faults,
// munmap and pager resets were ~12 % of the service's CPU at 1M bindings).
// A commit that only writes the records file leaves `main` untouched.
//
// The SQL is unchanged: an unqualified `call_records` resolves to the one
// table of that name, wherever it is. But a migration that creates an
// object on call_records (CREATE INDEX) must name the schema on SQLite:
// unqualified, it would be created in `main`.

#include <string>

#include "numbers/storage/connection.hpp"

namespace ctib::numbers::storage::sqlite {

inline constexpr const char* kRecordsSchema = "records";

// The records file of the database at `path`: "<path>-records" (beside
// SQLite's own "<path>-wal" and "<path>-shm"; ":memory:" stays in memory).
std::string records_path(const std::string& path);

// Moves call_records and push_outbox (rows, table and indexes) from `main`
// into `records`
// if the migrations created it in `main` (a new database, or one made
// before the split). Idempotent and safe to repeat after a crash: the copy
// is committed before the old table is dropped. Run after migrate().
// Throws StorageError when the records file lacks its tables although the
// migrations ran (the file was lost or belongs to another database).
void keep_records_apart(SqlConnection& connection);

}  // namespace ctib::numbers::storage::sqlite
