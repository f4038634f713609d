#pragma once
// Every statement the SQLite backend runs. Writers take the database lock at
// BEGIN (IMMEDIATE), which serialises binding sessions and record merges, so
// no extra lock statement or FOR UPDATE is needed. Read sessions run in
// autocommit, as on PostgreSQL (repository.hpp allows it): a routing answer
// is one statement, and BEGIN/ROLLBACK around it were two more statements
// parsed by sqlite3_exec each time (~5 % of the service's CPU).

#include "numbers/storage/portable_sql.hpp"
#include "numbers/storage/statements.hpp"

namespace ctib::numbers::storage::sqlite {

inline constexpr Statements kStatements{
    .begin_read = "",
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
    .pool_usage = sql::kPoolUsage,
    .insert_binding = sql::kInsertBinding,
    .update_binding = sql::kUpdateBinding,
    .select_binding = sql::kSelectBinding,
    .select_binding_count = sql::kSelectBindingCount,
    .select_live_by_out_id = sql::kSelectLiveByOutId,
    .live_bindings_on = sql::kLiveBindingsOn,
    .routing_facts = sql::kRoutingFacts,
    .live_extension = sql::kLiveExtension,
    .extensions_on = sql::kExtensionsOn,
    .list_extensions = sql::kListExtensions,
    .count_extensions = sql::kCountExtensions,
    .list_bindings = sql::kListBindings,
    .count_bindings = sql::kCountBindings,
    .uncount_expired = sql::kUncountExpired,
    .sweep_expired = sql::kSweepExpired,
    .live_binding_counts = sql::kLiveBindingCounts,
    .insert_group = sql::kInsertGroup,
    .select_group = sql::kSelectGroup,
    .touch_group = sql::kTouchGroup,
    .insert_member = sql::kInsertMember,
    .delete_member = sql::kDeleteMember,
    .select_members = sql::kSelectMembers,
    .is_member = sql::kIsMember,
    .list_groups = sql::kListGroups,
    .count_groups = sql::kCountGroups,
    .member_count = sql::kMemberCount,
    .group_in_use = sql::kGroupInUse,
    .delete_members = sql::kDeleteMembers,
    .delete_group = sql::kDeleteGroup,
    .insert_record_if_absent = sql::kInsertRecordIfAbsent,
    .ensure_record = sql::kEnsureRecord,
    .select_record_for_update = sql::kSelectRecord,
    .select_record = sql::kSelectRecord,
    .update_record = sql::kUpdateRecord,
    .list_records = sql::kListRecords,
    .count_records = sql::kCountRecords,
    .insert_push = sql::kInsertPush,
    .select_due_push = sql::kSelectDuePush,
    .lease_push = sql::kLeasePush,
    .delete_push = sql::kDeletePush,
    .fail_push = sql::kFailPush,
    .next_push_due = sql::kNextPushDue,
    .push_counts = sql::kPushCounts,
    .list_dead_push = sql::kListDeadPush,
    .count_dead_push = sql::kCountDeadPush,
    .resend_push = sql::kResendPush,
};

// Run first on every connection: the call records' own file
// (records_file.hpp), as schema "records".
inline constexpr std::string_view kAttachRecords = "ATTACH DATABASE $1 AS records";

// Run once per connection, after kAttachRecords (journal_mode and mmap_size
// without a schema apply to every attached file). WAL lets readers go on
// while one writer writes; busy_timeout makes a second writer wait for the
// lock instead of failing. Reads go through a memory map of the database
// file (SQLite caps the size at its compile-time maximum): in WAL mode every
// commit to a file empties the other connections' page caches of it, so
// routing lookups re-read their pages, and copying each out of the kernel
// (pread) was the largest single cost of a routing answer (the record
// writer's commits now go to their own file, records_file.hpp). The records
// file gets a 32 MiB page cache (SQLite's default is 2 MiB): each record
// dirties a random leaf of each of the table's indexes, those leaves are
// mostly in the WAL, and the WAL is read with pread, not through the memory
// map, each time a page leaves the cache.
inline constexpr std::string_view kConnectionSetup =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "PRAGMA records.synchronous = NORMAL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA busy_timeout = 10000;"
    "PRAGMA mmap_size = 17179869184;"
    "PRAGMA records.cache_size = -32768;";

// The file grows in steps this large: each growth makes every connection
// map the file again (and fault its pages back in), so it should be rare.
inline constexpr int kGrowthChunk = 64 * 1024 * 1024;

}  // namespace ctib::numbers::storage::sqlite
