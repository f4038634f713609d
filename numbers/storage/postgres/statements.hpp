#pragma once
// Every statement the PostgreSQL backend runs. Binding sessions serialise on
// a transaction-scoped advisory lock (released at COMMIT/ROLLBACK), so two
// service instances on one database still never hand one X to conflicting
// pairs; record merges lock their row with FOR UPDATE.

#include "numbers/storage/portable_sql.hpp"
#include "numbers/storage/statements.hpp"

namespace ctib::numbers::storage::postgres {

// An arbitrary constant naming "binding mutations" among advisory locks.
inline constexpr std::string_view kLockBindings = "SELECT pg_advisory_xact_lock(7468120)";

inline constexpr std::string_view kSelectRecordForUpdate =
    "SELECT " CTIB_SQL_RECORD_COLUMNS " FROM call_records WHERE uuid = $1 FOR UPDATE";

// Several instances may send from one database: a row another instance has
// claimed (locked until its lease is committed) is skipped, not waited for.
inline constexpr std::string_view kSelectDuePushForUpdate =
    "SELECT " CTIB_SQL_PUSH_COLUMNS " FROM push_outbox WHERE dead = 0 AND next_attempt_at <= $1"
    " ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED";

inline constexpr Statements kStatements{
    // Reads run in autocommit, each statement on its own snapshot: BEGIN and
    // ROLLBACK were two of a routing answer's four round trips. No read
    // needs one snapshot across its statements (a paged listing's total may
    // count a row written between the page and the count).
    .begin_read = "",
    .begin_write = "BEGIN",
    .lock_bindings = kLockBindings,
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
    .select_record_for_update = kSelectRecordForUpdate,
    .select_record = sql::kSelectRecord,
    .update_record = sql::kUpdateRecord,
    .list_records = sql::kListRecords,
    .count_records = sql::kCountRecords,
    .insert_push = sql::kInsertPush,
    .select_due_push = kSelectDuePushForUpdate,
    .lease_push = sql::kLeasePush,
    .delete_push = sql::kDeletePush,
    .fail_push = sql::kFailPush,
    .next_push_due = sql::kNextPushDue,
    .push_counts = sql::kPushCounts,
    .list_dead_push = sql::kListDeadPush,
    .count_dead_push = sql::kCountDeadPush,
    .resend_push = sql::kResendPush,
};

}  // namespace ctib::numbers::storage::postgres
