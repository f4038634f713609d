#pragma once
// The storage interface of the numbers service. Services open a Session (one
// database transaction on one pooled connection), call the queries they
// need, and commit(); a Session destroyed without commit() rolls back.
//
// Concurrency contract, which both backends keep:
//  - Sessions of kind `bindings` are serialised against each other (SQLite:
//    BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so the
//    conflict check, pool selection and insert of a bind are atomic.
//  - lock_record() locks the record's row until commit, so concurrent
//    notifications for one call merge one after the other.
//  - Sessions of kind `read` may run without a transaction (PostgreSQL
//    does: each statement sees its own snapshot), so a read must not rely on
//    two of its statements agreeing.
//  - Every method blocks; call them from worker threads, never from an
//    event loop.
// Failures of the database itself throw StorageError.

#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "numbers/model/types.hpp"

namespace ctib::numbers::storage {

using model::Binding;
using model::CallRecord;
using model::Instant;
using model::MiddleNumber;
using model::NumberUsage;
using model::Page;
using model::PageRequest;

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NumberFilter {
  std::string area_code;                     // "" = any
  std::optional<model::NumberState> state;   // nullopt = any
  std::string tenant{};                      // "" = every tenant
};

struct BindingFilter {
  std::string number;     // A, B, X or Y; "" = any
  bool live_only = true;  // only bindings that route now
  std::string tenant{};   // "" = every tenant
};

struct RecordFilter {
  std::string binding_id;      // "" = any
  std::string number;          // A, X, peer or caller; "" = any
  std::optional<Instant> from; // call_time >= from
  std::optional<Instant> to;   // call_time < to
  std::string tenant{};        // "" = every tenant
};

// The pool's occupancy on one gateway (operations: /v1/status, /metrics).
// Retired numbers are not counted. `in_use`: numbers with an active pair
// (pool_numbers.active_pairs > 0, so a pair past its expiry counts until the
// sweeper marks it, at most [bindings] sweep-interval later); `free`:
// available numbers without one. Quarantined numbers without pairs are in
// `total` only.
struct PoolUsage {
  std::string gateway;
  std::int64_t total = 0;
  std::int64_t free = 0;
  std::int64_t in_use = 0;
};

// Bindings that route now, by mode.
struct LiveBindingCounts {
  std::int64_t axb = 0;
  std::int64_t axn = 0;
  std::int64_t axyb = 0;
  std::int64_t axg = 0;
  std::int64_t axe = 0;
};

// One item of the push outbox (migration 0006, docs/push.md): a call event
// or a final call record for one callback URL, as the JSON it is sent as.
struct PushItem {
  std::int64_t id = 0;
  std::string idempotency_key;  // "<call uuid>:<event>", the same for every URL and attempt
  std::string url;
  std::string kind;             // "event" or "record"
  std::string uuid;
  std::string payload;          // one JSON object
  Instant created_at{};
  std::int64_t attempts = 0;    // failed deliveries so far
  Instant next_attempt_at{};
  bool dead = false;            // the retry budget is spent
  std::string last_error;
  std::string tenant{model::kDefaultTenant};  // the call record's
};

struct PushCounts {
  std::int64_t pending = 0;  // waiting or in flight
  std::int64_t dead = 0;
};

enum class SessionKind { read, bindings, records };

// What routing one call needs, read in one statement (routing_facts()).
struct RoutingFacts {
  std::optional<std::string> gateway;  // X's trunk; nullopt when X is not in the pool
  std::string x_imported_as;           // MiddleNumber::imported_as of X
  std::string x_tenant;                // X's tenant ("" when X is not in the pool)
  std::vector<Binding> bindings;       // live_bindings_for(x, caller, now)
};

class Session {
 public:
  virtual ~Session() = default;
  virtual void commit() = 0;

  // ---- pool
  virtual void insert_number(const MiddleNumber& n) = 0;
  virtual void update_number(const MiddleNumber& n) = 0;
  virtual std::optional<NumberUsage> find_number(std::string_view number, Instant now) = 0;
  virtual Page<NumberUsage> list_numbers(const NumberFilter& f, const PageRequest& p, Instant now) = 0;
  // Available numbers of `tenant` in `area_code` ("" = every area) with their live load,
  // fewest live pairs first, then by number; one page of them. The order is
  // exact when no active binding is past its expiry (sweep_expired first).
  virtual std::vector<NumberUsage> pool_candidates(std::string_view tenant, std::string_view area_code,
                                                   Instant now, const PageRequest& page) = 0;
  // Middle numbers with a binding involving `p1` or `p2` (as A or B) that is
  // live, or ended after `since` (now - cool-down). Such an X must not be
  // given to a pair with that party.
  virtual std::vector<std::string> blocked_numbers(std::string_view p1, std::string_view p2, Instant since) = 0;
  // Per gateway, in gateway order.
  virtual std::vector<PoolUsage> pool_usage() = 0;

  // ---- bindings
  virtual void insert_binding(const Binding& b) = 0;
  virtual void update_binding(const Binding& b) = 0;
  virtual std::optional<Binding> find_binding(std::string_view id) = 0;
  // The live binding of `tenant` with this out_id.
  virtual std::optional<Binding> find_live_by_out_id(std::string_view out_id, std::string_view tenant,
                                                     Instant now) = 0;
  // The routing query: bindings on X that are active and expire after `now`.
  virtual std::vector<Binding> live_bindings_on(std::string_view x, Instant now) = 0;
  // The live bindings on X that can route `caller` (AXB with the caller as A
  // or B, and AXN), in live_bindings_on's order: an indexed read whatever
  // the number of pairs on X. An AXE X adds one of its live AXE bindings
  // (any: the caller is routed by extension, the decision needs its length).
  virtual std::vector<Binding> live_bindings_for(std::string_view x, std::string_view caller, Instant now) = 0;
  // The routing answer's one read: X's gateway with live_bindings_for().
  virtual RoutingFacts routing_facts(std::string_view x, std::string_view caller, Instant now) = 0;
  virtual Page<Binding> list_bindings(const BindingFilter& f, const PageRequest& p, Instant now) = 0;
  // Binding writes keep each X's count of active pairs in the same
  // transaction (pool_numbers.active_pairs).
  // Marks active bindings whose expiry has passed as expired; returns how many.
  virtual std::int64_t sweep_expired(Instant now) = 0;
  virtual LiveBindingCounts live_binding_counts(Instant now) = 0;

  // ---- AXG groups
  virtual void insert_group(const model::NumberGroup& g) = 0;
  // The group with its members; nullopt when there is none.
  virtual std::optional<model::NumberGroup> find_group(std::string_view id) = 0;
  // false when `number` was already a member (nothing written).
  virtual bool add_member(std::string_view group_id, std::string_view number, Instant now) = 0;
  // false when `number` was not a member.
  virtual bool remove_member(std::string_view group_id, std::string_view number) = 0;
  virtual void touch_group(std::string_view id, Instant now) = 0;
  // The routing check of an AXG call.
  virtual bool is_member(std::string_view group_id, std::string_view number) = 0;
  // Groups of `tenant` ("" = every tenant), newest first, members counted
  // (NumberGroup::member_count) but not listed.
  virtual Page<model::NumberGroup> list_groups(std::string_view tenant, const PageRequest& p) = 0;
  // Active, unexpired bindings naming the group.
  virtual std::int64_t group_in_use(std::string_view group_id, Instant now) = 0;
  // The group and its members.
  virtual void delete_group(std::string_view group_id) = 0;

  // ---- AXE extensions (decision 0026)
  // Routing the digits a caller entered on X: the live AXE binding on X
  // with that extension.
  virtual std::optional<Binding> find_live_extension(std::string_view x, std::string_view extension,
                                                     Instant now) = 0;
  // Extensions of the active AXE bindings on X (in a bindings session,
  // before choosing one for a bind).
  virtual std::vector<std::string> extensions_on(std::string_view x) = 0;
  // X's live AXE bindings, by extension.
  virtual Page<Binding> list_extensions(std::string_view x, const PageRequest& p, Instant now) = 0;

  // ---- call records
  // The record of `uuid`, locked for this session; an empty record (seen = 0)
  // when none exists yet.
  virtual CallRecord lock_record(std::string_view uuid, Instant now) = 0;
  virtual void save_record(const CallRecord& r) = 0;
  // Inserts `r` if no record of its uuid exists; false (nothing written) if
  // one does, which the caller then merges under lock_record.
  virtual bool insert_record_if_absent(const CallRecord& r) = 0;
  // The same for many records, in few statements (the record writer's batch:
  // on PostgreSQL one round trip per chunk instead of one per record).
  // Element i is true if records[i] was inserted. The uuids must differ.
  virtual std::vector<bool> insert_records_if_absent(std::span<const CallRecord> records) = 0;
  virtual std::optional<CallRecord> find_record(std::string_view uuid) = 0;
  // Newest call first.
  virtual Page<CallRecord> list_records(const RecordFilter& f, const PageRequest& p) = 0;

  // ---- push outbox (in a records session, beside the record it comes from)
  // Inserts unless an item with the same (idempotency_key, url) exists.
  virtual void enqueue_push(const PushItem& item) = 0;
  // Up to `limit` items due at `now` (not dead), oldest first, each leased
  // until `lease_until` (its next_attempt_at): an item in flight is not
  // taken again, and one whose sender died is due again after the lease.
  // PostgreSQL skips rows another instance's session holds.
  virtual std::vector<PushItem> claim_push(Instant now, Instant lease_until, std::int64_t limit) = 0;
  virtual void delete_push(std::int64_t id) = 0;
  // A failed attempt: attempts + 1, the next attempt, the error; dead ends it.
  virtual void fail_push(std::int64_t id, Instant next_attempt_at, std::string_view error, bool dead) = 0;
  // The earliest next_attempt_at of the items not dead.
  virtual std::optional<Instant> next_push_due() = 0;
  virtual PushCounts push_counts() = 0;
  // Dead items of `tenant` ("" = every tenant), oldest first.
  virtual Page<PushItem> list_dead_push(std::string_view tenant, const PageRequest& p) = 0;
  // A dead item back to pending, due at `now` with a fresh budget; false
  // when `id` is not a dead item.
  // `tenant` "" = any tenant's item.
  virtual bool resend_push(std::int64_t id, std::string_view tenant, Instant now) = 0;
};

class Repository {
 public:
  virtual ~Repository() = default;
  // Blocks until a pooled connection is free.
  virtual std::unique_ptr<Session> begin(SessionKind kind) = 0;
};

}  // namespace ctib::numbers::storage
