#pragma once
// SQL text both backends run unchanged. Column order here is the order the
// row mapping (sql_mapping.cpp) reads and binds.

#include <cstddef>
#include <string_view>

namespace ctib::numbers::storage::sql {

// ---- migrations
inline constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
inline constexpr std::string_view kSelectMigrations = "SELECT version FROM schema_migrations ORDER BY version";
inline constexpr std::string_view kInsertMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";

// ---- pool
// A number with its live load at $1 (now): the kept count of active pairs
// less those past their expiry that the sweep has not reached (an empty
// index range between sweeps), and whether a live AXN owns it (the partial
// AXN index). Neither reads the pairs themselves.
#define CTIB_NUMBER_USAGE_SELECT                                                                   \
  "SELECT n.number, n.gateway, n.area_code, n.state, n.created_at, n.updated_at, n.imported_as,"   \
  " n.active_pairs - (SELECT COUNT(*) FROM bindings b WHERE b.x = n.number AND b.state = 'active'" \
  "  AND b.expires_at <= $1)"                                                                      \
  " - (SELECT COUNT(*) FROM bindings b WHERE b.y = n.number AND b.y <> '' AND b.state = 'active'"  \
  "  AND b.expires_at <= $1) AS live_pairs,"                                                       \
  " (SELECT COUNT(*) FROM bindings b WHERE b.x = n.number AND b.mode IN ('AXN', 'AXG')"            \
  "  AND b.state = 'active' AND b.expires_at > $1) AS exclusive, n.tenant,"    \
  " (SELECT COUNT(*) FROM bindings b WHERE b.x = n.number AND b.mode = 'AXE'"                      \
  "  AND b.state = 'active' AND b.expires_at > $1) AS axe_pairs"                         \
  " FROM pool_numbers n"

inline constexpr std::string_view kInsertNumber =
    "INSERT INTO pool_numbers (number, gateway, area_code, state, created_at, updated_at, imported_as, tenant)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
inline constexpr std::string_view kUpdateNumber =
    "UPDATE pool_numbers SET gateway = $2, area_code = $3, state = $4, created_at = $5, updated_at = $6,"
    " imported_as = $7, tenant = $8"
    " WHERE number = $1";
inline constexpr std::string_view kSelectNumber = CTIB_NUMBER_USAGE_SELECT " WHERE n.number = $2";
inline constexpr std::string_view kListNumbers = CTIB_NUMBER_USAGE_SELECT
    " WHERE ($2 = '' OR n.area_code = $2) AND ($3 = '' OR n.state = $3) AND ($6 = '' OR n.tenant = $6)"
    " ORDER BY n.number LIMIT $4 OFFSET $5";
inline constexpr std::string_view kCountNumbers =
    "SELECT COUNT(*) FROM pool_numbers n WHERE ($1 = '' OR n.area_code = $1) AND ($2 = '' OR n.state = $2)"
    " AND ($3 = '' OR n.tenant = $3)";
// Candidates in pick order, a page at a time ($2/$3 or $3/$4: limit and
// offset), read along pool_numbers_pick / pool_numbers_area_pick. The order
// is by the kept count, exact once the bind has swept. Only the binding
// tenant's numbers ($2), along pool_numbers_tenant_pick /
// pool_numbers_tenant_area_pick (migration 0007).
inline constexpr std::string_view kPoolCandidatesAnyArea = CTIB_NUMBER_USAGE_SELECT
    " WHERE n.tenant = $2 AND n.state = 'available' ORDER BY n.active_pairs, n.number LIMIT $3 OFFSET $4";
inline constexpr std::string_view kPoolCandidatesInArea = CTIB_NUMBER_USAGE_SELECT
    " WHERE n.tenant = $2 AND n.state = 'available' AND n.area_code = $3 ORDER BY n.active_pairs, n.number"
    " LIMIT $4 OFFSET $5";
// Keeps pool_numbers.active_pairs: $1 the X (or an AXYB binding's Y, which
// counts as a pair on Y too), $2 the change (+1 or -1).
inline constexpr std::string_view kAddActivePairs =
    "UPDATE pool_numbers SET active_pairs = active_pairs + $2 WHERE number = $1";
// COALESCE(released_at, expires_at) is when a binding stops routing; it is
// in the future for a live binding, so one comparison covers both "live"
// and "ended within the cool-down".
// An AXYB binding blocks its Y as well as its X.
inline constexpr std::string_view kBlockedNumbers =
    "SELECT x FROM bindings"
    " WHERE (a = $1 OR b = $1 OR a = $2 OR b = $2) AND COALESCE(released_at, expires_at) > $3"
    " UNION SELECT y FROM bindings"
    " WHERE y <> '' AND (a = $1 OR b = $1 OR a = $2 OR b = $2) AND COALESCE(released_at, expires_at) > $3";

// Operations' view of the pool: one pass over pool_numbers, no join.
inline constexpr std::string_view kPoolUsage =
    "SELECT gateway, COUNT(*),"
    " SUM(CASE WHEN state = 'available' AND active_pairs = 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN active_pairs > 0 THEN 1 ELSE 0 END)"
    " FROM pool_numbers WHERE state <> 'retired' GROUP BY gateway ORDER BY gateway";

#undef CTIB_NUMBER_USAGE_SELECT

// ---- bindings
#define CTIB_BINDING_COLUMNS                                                                      \
  "id, mode, a, b, x, expires_at, out_id, user_data, record, restriction, max_duration, state,"   \
  " created_at, updated_at, released_at, y, group_id, callback_url, tenant, extension"

inline constexpr std::string_view kInsertBinding =
    "INSERT INTO bindings (" CTIB_BINDING_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";
inline constexpr std::string_view kUpdateBinding =
    "UPDATE bindings SET mode = $2, a = $3, b = $4, x = $5, expires_at = $6, out_id = $7, user_data = $8,"
    " record = $9, restriction = $10, max_duration = $11, state = $12, created_at = $13, updated_at = $14,"
    " released_at = $15, y = $16, group_id = $17, callback_url = $18, tenant = $19, extension = $20"
    " WHERE id = $1";
inline constexpr std::string_view kSelectBinding = "SELECT " CTIB_BINDING_COLUMNS " FROM bindings WHERE id = $1";
// What a binding counted for before an update: its X, state and Y.
inline constexpr std::string_view kSelectBindingCount = "SELECT x, state, y FROM bindings WHERE id = $1";
// "out_id <> ''" lets both backends use the partial index bindings_out_id.
// An out_id is the customer's own reference: two tenants may use the same.
inline constexpr std::string_view kSelectLiveByOutId =
    "SELECT " CTIB_BINDING_COLUMNS " FROM bindings"
    " WHERE out_id = $1 AND out_id <> '' AND state = 'active' AND expires_at > $2 AND tenant = $3"
    " ORDER BY created_at LIMIT 1";
// Expiry is part of the routing query: a binding stops routing at its
// expiry instant whether or not the sweep has run.
inline constexpr std::string_view kLiveBindingsOn =
    "SELECT " CTIB_BINDING_COLUMNS " FROM bindings"
    " WHERE x = $1 AND state = 'active' AND expires_at > $2 ORDER BY created_at, id";
// The routing query proper, one statement for the whole answer: only the
// live bindings on X ($1) that can route caller $3 — those with the caller
// as A or as B (bindings_a_x, bindings_b_x) and an AXN on X
// (bindings_axn_x) — so the decision is the same as from every pair on X
// without reading them; then one row for X itself, binding columns NULL and
// its gateway last (no such row: X is not in the pool). An AXN with the
// caller as A comes twice; the decision takes the first. No ORDER BY and no
// join: SQLite would open a sorter, or materialise the union into a
// temporary b-tree, for at most four rows; the session orders the bindings
// (created_at, id) as kLiveBindingsOn does. The number's load, which
// kSelectNumber counts with two subqueries, is not needed to route.
// X's row also carries the text it was imported as (dial format
// "as-imported"). A number dialled may also be the Y of an AXYB binding
// with the caller as A (bindings_a_y); the decision tells X from Y by the
// binding's own columns. X's row also carries X's tenant, whose call it is
// when no binding routes it (an intercepted call's record): no extra read.
#define CTIB_LIVE_ON_X " AND x = $1 AND state = 'active' AND expires_at > $2"
#define CTIB_LIVE " AND state = 'active' AND expires_at > $2"
inline constexpr std::string_view kRoutingFacts =
    "SELECT " CTIB_BINDING_COLUMNS ", NULL, NULL, NULL FROM bindings WHERE a = $3" CTIB_LIVE_ON_X
    " UNION ALL SELECT " CTIB_BINDING_COLUMNS ", NULL, NULL, NULL FROM bindings WHERE b = $3" CTIB_LIVE_ON_X
    " UNION ALL SELECT " CTIB_BINDING_COLUMNS ", NULL, NULL, NULL FROM bindings WHERE mode IN ('AXN', 'AXG')" CTIB_LIVE_ON_X
    " UNION ALL SELECT " CTIB_BINDING_COLUMNS ", NULL, NULL, NULL FROM bindings WHERE a = $3 AND y = $1 AND y <> ''" CTIB_LIVE
    // AXE: one live AXE binding on X, if any, along bindings_axe_x:
    // X then routes by extension (its length is all the answer needs).
    " UNION ALL SELECT * FROM (SELECT " CTIB_BINDING_COLUMNS ", NULL, NULL, NULL FROM bindings"
    "  WHERE mode = 'AXE'" CTIB_LIVE_ON_X " LIMIT 1) AS axe"
    " UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, NULL, gateway, imported_as, tenant FROM pool_numbers WHERE number = $1";
#undef CTIB_LIVE
#undef CTIB_LIVE_ON_X
// AXE, once digits were entered: the live binding with extension $2 on X
// ($1), along bindings_axe_extension.
inline constexpr std::string_view kLiveExtension =
    "SELECT " CTIB_BINDING_COLUMNS " FROM bindings"
    " WHERE mode = 'AXE' AND state = 'active' AND x = $1 AND extension = $2 AND expires_at > $3";
// The extensions taken on X (active, whether or not past expiry: the unique
// index counts them until the sweep), for a bind choosing one.
inline constexpr std::string_view kExtensionsOn =
    "SELECT extension FROM bindings WHERE mode = 'AXE' AND state = 'active' AND x = $1";
// GET /v1/numbers/{number}/extensions: X's live AXE bindings by extension.
inline constexpr std::string_view kListExtensions =
    "SELECT " CTIB_BINDING_COLUMNS " FROM bindings"
    " WHERE mode = 'AXE' AND state = 'active' AND x = $1 AND expires_at > $2 ORDER BY extension LIMIT $3 OFFSET $4";
inline constexpr std::string_view kCountExtensions =
    "SELECT COUNT(*) FROM bindings WHERE mode = 'AXE' AND state = 'active' AND x = $1 AND expires_at > $2";
// TENANT: the placeholder of the tenant ("" = every tenant); PostgreSQL
// wants a statement's placeholders numbered without gaps.
#define CTIB_BINDING_FILTER(TENANT)                                                               \
  " WHERE ($1 = '' OR a = $1 OR b = $1 OR x = $1 OR y = $1)"                                      \
  " AND ($2 = 0 OR (state = 'active' AND expires_at > $3))"                                       \
  " AND (" TENANT " = '' OR tenant = " TENANT ")"
inline constexpr std::string_view kListBindings =
    "SELECT " CTIB_BINDING_COLUMNS " FROM bindings" CTIB_BINDING_FILTER("$6")
    " ORDER BY created_at DESC, id LIMIT $4 OFFSET $5";
inline constexpr std::string_view kCountBindings = "SELECT COUNT(*) FROM bindings" CTIB_BINDING_FILTER("$4");
// Before kSweepExpired, in its transaction: the pairs it is about to end
// leave their X's count.
// An AXYB binding leaves its Y's count as well.
inline constexpr std::string_view kUncountExpired =
    "UPDATE pool_numbers SET active_pairs = active_pairs -"
    " (SELECT COUNT(*) FROM bindings b WHERE b.x = pool_numbers.number AND b.state = 'active'"
    "  AND b.expires_at <= $1)"
    " - (SELECT COUNT(*) FROM bindings b WHERE b.y = pool_numbers.number AND b.y <> '' AND b.state = 'active'"
    "  AND b.expires_at <= $1)"
    " WHERE number IN (SELECT x FROM bindings WHERE state = 'active' AND expires_at <= $1"
    "  UNION SELECT y FROM bindings WHERE y <> '' AND state = 'active' AND expires_at <= $1)";
// A range of bindings_active_expiry_x (state, expires_at, x).
inline constexpr std::string_view kLiveBindingCounts =
    "SELECT mode, COUNT(*) FROM bindings WHERE state = 'active' AND expires_at > $1 GROUP BY mode";

inline constexpr std::string_view kSweepExpired =
    "UPDATE bindings SET state = 'expired', released_at = expires_at, updated_at = $1"
    " WHERE state = 'active' AND expires_at <= $1";

#undef CTIB_BINDING_FILTER
#undef CTIB_BINDING_COLUMNS

// ---- AXG groups
inline constexpr std::string_view kInsertGroup =
    "INSERT INTO number_groups (id, name, created_at, updated_at, tenant) VALUES ($1, $2, $3, $4, $5)";
inline constexpr std::string_view kSelectGroup =
    "SELECT id, name, created_at, updated_at, tenant FROM number_groups WHERE id = $1";
// A tenant's groups ("" = every tenant), newest first, without members.
inline constexpr std::string_view kListGroups =
    "SELECT id, name, created_at, updated_at, tenant FROM number_groups WHERE ($1 = '' OR tenant = $1)"
    " ORDER BY created_at DESC, id LIMIT $2 OFFSET $3";
inline constexpr std::string_view kCountGroups =
    "SELECT COUNT(*) FROM number_groups WHERE ($1 = '' OR tenant = $1)";
inline constexpr std::string_view kMemberCount = "SELECT COUNT(*) FROM group_members WHERE group_id = $1";
// A group that an active binding still names cannot be deleted (its calls
// would be refused, or a later group with its id would let strangers in).
inline constexpr std::string_view kGroupInUse =
    "SELECT COUNT(*) FROM bindings WHERE group_id = $1 AND state = 'active' AND expires_at > $2";
inline constexpr std::string_view kDeleteMembers = "DELETE FROM group_members WHERE group_id = $1";
inline constexpr std::string_view kDeleteGroup = "DELETE FROM number_groups WHERE id = $1";
inline constexpr std::string_view kTouchGroup = "UPDATE number_groups SET updated_at = $2 WHERE id = $1";
// Adding a member twice changes nothing (the count of the answer says so).
inline constexpr std::string_view kInsertMember =
    "INSERT INTO group_members (group_id, number, created_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (group_id, number) DO NOTHING";
inline constexpr std::string_view kDeleteMember = "DELETE FROM group_members WHERE group_id = $1 AND number = $2";
inline constexpr std::string_view kSelectMembers =
    "SELECT number FROM group_members WHERE group_id = $1 ORDER BY created_at, number";
// Routing an AXG call: one primary-key lookup.
inline constexpr std::string_view kIsMember = "SELECT 1 FROM group_members WHERE group_id = $1 AND number = $2";

// ---- call records
// Left defined: a backend adds its own locking variant of kSelectRecord.
#define CTIB_SQL_RECORD_COLUMNS                                                                       \
  "uuid, binding_id, out_id, user_data, a, x, peer, caller, callee, direction, record,"           \
  " call_time, ring_time, progress_time, answer_time, release_time, duration, billsec,"           \
  " release_side, cause_name, cause_q850, sip_status, recording, seen, updated_at, tenant,"        \
  " transferred_to, transfer_time, extension, recording_ms"

// A record written whole when none exists yet (the usual case for a routing
// request, the first notification of a call): one statement instead of
// ensure, lock and update. Changes no row when the record exists.
inline constexpr std::string_view kInsertRecordIfAbsent =
    "INSERT INTO call_records (" CTIB_SQL_RECORD_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)"
    " ON CONFLICT (uuid) DO NOTHING";
// The same for several records in one statement (SqlRepository repeats the
// VALUES tuple of kRecordColumns parameters): one statement per chunk of a
// record writer's batch instead of one per record. RETURNING names the
// records inserted; the others existed and are merged under lock_record.
inline constexpr std::string_view kInsertRecordsHead =
    "INSERT INTO call_records (" CTIB_SQL_RECORD_COLUMNS ") VALUES ";
inline constexpr std::string_view kInsertRecordsTail = " ON CONFLICT (uuid) DO NOTHING RETURNING uuid";
// Counted from the column list, so that a column added to it cannot leave
// the multi-row statement with a tuple of the old width.
inline constexpr std::size_t kRecordColumns = [] {
  std::size_t n = 1;
  for (char ch : std::string_view(CTIB_SQL_RECORD_COLUMNS)) n += ch == ',' ? 1 : 0;
  return n;
}();
static_assert(kRecordColumns == 30, "a call_records column was added: check record_params and read_record too");
inline constexpr std::string_view kEnsureRecord =
    "INSERT INTO call_records (uuid, updated_at) VALUES ($1, $2) ON CONFLICT (uuid) DO NOTHING";
inline constexpr std::string_view kSelectRecord = "SELECT " CTIB_SQL_RECORD_COLUMNS " FROM call_records WHERE uuid = $1";
inline constexpr std::string_view kUpdateRecord =
    "UPDATE call_records SET binding_id = $2, out_id = $3, user_data = $4, a = $5, x = $6, peer = $7,"
    " caller = $8, callee = $9, direction = $10, record = $11, call_time = $12, ring_time = $13,"
    " progress_time = $14, answer_time = $15, release_time = $16, duration = $17, billsec = $18,"
    " release_side = $19, cause_name = $20, cause_q850 = $21, sip_status = $22, recording = $23,"
    " seen = $24, updated_at = $25, tenant = $26, transferred_to = $27, transfer_time = $28, extension = $29,"
    " recording_ms = $30 WHERE uuid = $1";
#define CTIB_RECORD_FILTER(TENANT)                                                                \
  " WHERE seen <> 0 AND ($1 = '' OR binding_id = $1)"                                             \
  " AND ($2 = '' OR a = $2 OR x = $2 OR peer = $2 OR caller = $2)"                                \
  " AND COALESCE(call_time, 0) >= $3 AND COALESCE(call_time, 0) < $4"                             \
  " AND (" TENANT " = '' OR tenant = " TENANT ")"
inline constexpr std::string_view kListRecords =
    "SELECT " CTIB_SQL_RECORD_COLUMNS " FROM call_records" CTIB_RECORD_FILTER("$7")
    " ORDER BY call_time DESC, uuid LIMIT $5 OFFSET $6";
inline constexpr std::string_view kCountRecords = "SELECT COUNT(*) FROM call_records" CTIB_RECORD_FILTER("$5");

#undef CTIB_RECORD_FILTER

// ---- push outbox (migration 0006)
// Left defined: PostgreSQL adds its locking variant of kSelectDuePush.
#define CTIB_SQL_PUSH_COLUMNS \
  "id, idempotency_key, url, kind, uuid, payload, created_at, attempts, next_attempt_at, dead, last_error, tenant"

inline constexpr std::string_view kInsertPush =
    "INSERT INTO push_outbox (" CTIB_SQL_PUSH_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    " ON CONFLICT (idempotency_key, url) DO NOTHING";
// Along push_outbox_due (dead, next_attempt_at, id).
inline constexpr std::string_view kSelectDuePush =
    "SELECT " CTIB_SQL_PUSH_COLUMNS " FROM push_outbox WHERE dead = 0 AND next_attempt_at <= $1"
    " ORDER BY id LIMIT $2";
inline constexpr std::string_view kLeasePush = "UPDATE push_outbox SET next_attempt_at = $2 WHERE id = $1";
inline constexpr std::string_view kDeletePush = "DELETE FROM push_outbox WHERE id = $1";
inline constexpr std::string_view kFailPush =
    "UPDATE push_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3, dead = $4"
    " WHERE id = $1";
inline constexpr std::string_view kNextPushDue = "SELECT MIN(next_attempt_at) FROM push_outbox WHERE dead = 0";
inline constexpr std::string_view kPushCounts =
    "SELECT COALESCE(SUM(CASE WHEN dead = 0 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN dead <> 0 THEN 1 ELSE 0 END), 0) FROM push_outbox";
inline constexpr std::string_view kListDeadPush =
    "SELECT " CTIB_SQL_PUSH_COLUMNS " FROM push_outbox WHERE dead <> 0 AND ($3 = '' OR tenant = $3)"
    " ORDER BY id LIMIT $1 OFFSET $2";
inline constexpr std::string_view kCountDeadPush =
    "SELECT COUNT(*) FROM push_outbox WHERE dead <> 0 AND ($1 = '' OR tenant = $1)";
inline constexpr std::string_view kResendPush =
    "UPDATE push_outbox SET dead = 0, attempts = 0, next_attempt_at = $2, last_error = ''"
    " WHERE id = $1 AND dead <> 0 AND ($3 = '' OR tenant = $3)";

}  // namespace ctib::numbers::storage::sql
