#include "numbers/storage/sql_session.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <unordered_map>

#include "numbers/model/names.hpp"
#include "numbers/storage/portable_sql.hpp"
#include "numbers/storage/sql_mapping.hpp"
#include "numbers/storage/sql_repository.hpp"

namespace ctib::numbers::storage {

namespace {

using model::to_epoch;

// kRoutingFacts: the binding columns, then X's gateway, imported text and tenant.
constexpr std::size_t kRoutingGatewayColumn = 20;
constexpr std::size_t kRoutingImportedAsColumn = 21;
constexpr std::size_t kRoutingTenantColumn = 22;

model::NumberGroup group_from(const Row& row) {
  model::NumberGroup g;
  g.id = row.text(0);
  g.name = row.text(1);
  g.created_at = model::from_epoch(row.integer(2));
  g.updated_at = model::from_epoch(row.integer(3));
  g.tenant = row.text(4);
  return g;
}

template <class T, class F>
std::vector<T> map_rows(const std::vector<Row>& rows, F&& from) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(from(row));
  return out;
}

}  // namespace

SqlSession::SqlSession(SqlRepository& owner, std::unique_ptr<SqlConnection> connection, const Statements& sql,
                       SessionKind kind)
    : owner_(owner), connection_(std::move(connection)), sql_(sql) {
  try {
    const std::string_view begin = kind == SessionKind::read ? sql_.begin_read : sql_.begin_write;
    in_transaction_ = !begin.empty();
    if (in_transaction_) connection_->execute_script(begin);
    if (kind == SessionKind::bindings && !sql_.lock_bindings.empty()) connection_->query(sql_.lock_bindings, {});
  } catch (...) {
    owner_.give_back(std::move(connection_));
    done_ = true;
    throw;
  }
}

SqlSession::~SqlSession() {
  if (!done_ && in_transaction_) {
    try {
      connection_->execute_script(sql_.rollback);
    } catch (...) {
      // A connection that cannot roll back is broken; usable() drops it.
    }
  }
  if (connection_) owner_.give_back(std::move(connection_));
}

void SqlSession::commit() {
  if (in_transaction_) connection_->execute_script(sql_.commit);
  done_ = true;
}

std::int64_t SqlSession::count(std::string_view sql, const Params& params) {
  const auto rows = connection_->query(sql, params);
  return rows.empty() ? 0 : rows.front().integer(0);
}

// ---- pool

void SqlSession::insert_number(const MiddleNumber& n) { connection_->execute(sql_.insert_number, number_params(n)); }

void SqlSession::update_number(const MiddleNumber& n) { connection_->execute(sql_.update_number, number_params(n)); }

std::optional<NumberUsage> SqlSession::find_number(std::string_view number, Instant now) {
  const auto rows = connection_->query(sql_.select_number, {to_epoch(now), std::string(number)});
  if (rows.empty()) return std::nullopt;
  return number_usage_from(rows.front());
}

Page<NumberUsage> SqlSession::list_numbers(const NumberFilter& f, const PageRequest& p, Instant now) {
  const std::string state = f.state ? std::string(model::name(*f.state)) : std::string();
  Page<NumberUsage> page;
  page.items = map_rows<NumberUsage>(
      connection_->query(sql_.list_numbers, {to_epoch(now), f.area_code, state, p.limit, p.offset, f.tenant}),
      number_usage_from);
  page.total = count(sql_.count_numbers, {f.area_code, state, f.tenant});
  return page;
}

std::vector<NumberUsage> SqlSession::pool_candidates(std::string_view tenant, std::string_view area_code,
                                                     Instant now, const PageRequest& p) {
  // Two statements rather than "($3 = '' OR area_code = $3)", which no index
  // can serve in pick order.
  const auto rows =
      area_code.empty()
          ? connection_->query(sql_.pool_candidates_any_area,
                               {to_epoch(now), std::string(tenant), p.limit, p.offset})
          : connection_->query(sql_.pool_candidates_in_area, {to_epoch(now), std::string(tenant),
                                                              std::string(area_code), p.limit, p.offset});
  return map_rows<NumberUsage>(rows, number_usage_from);
}

std::vector<std::string> SqlSession::blocked_numbers(std::string_view p1, std::string_view p2, Instant since) {
  return map_rows<std::string>(
      connection_->query(sql_.blocked_numbers, {std::string(p1), std::string(p2), to_epoch(since)}),
      [](const Row& row) { return row.text(0); });
}

std::vector<PoolUsage> SqlSession::pool_usage() {
  return map_rows<PoolUsage>(connection_->query(sql_.pool_usage, {}), [](const Row& row) {
    return PoolUsage{row.text(0), row.integer(1), row.integer(2), row.integer(3)};
  });
}

// ---- bindings

void SqlSession::add_active_pairs(const std::string& x, std::int64_t change) {
  connection_->execute(sql_.add_active_pairs, {x, change});
}

void SqlSession::insert_binding(const Binding& b) {
  connection_->execute(sql_.insert_binding, binding_params(b));
  if (b.state == model::BindingState::active) {
    add_active_pairs(b.x, 1);
    if (!b.y.empty()) add_active_pairs(b.y, 1);
  }
}

void SqlSession::update_binding(const Binding& b) {
  // Whatever changed (state, or X in principle), the old binding leaves its
  // X's count and the new one joins, in this transaction.
  const auto before = connection_->query(sql_.select_binding_count, {b.id});
  connection_->execute(sql_.update_binding, binding_params(b));
  const bool was_active = !before.empty() && before.front().text(1) == model::name(model::BindingState::active);
  const bool is_active = b.state == model::BindingState::active;
  const std::string old_x = before.empty() ? std::string() : before.front().text(0);
  const std::string old_y = before.empty() ? std::string() : before.front().text(2);
  if (was_active && is_active && old_x == b.x && old_y == b.y) return;
  if (was_active) {
    add_active_pairs(old_x, -1);
    if (!old_y.empty()) add_active_pairs(old_y, -1);
  }
  if (is_active) {
    add_active_pairs(b.x, 1);
    if (!b.y.empty()) add_active_pairs(b.y, 1);
  }
}

std::optional<Binding> SqlSession::find_binding(std::string_view id) {
  const auto rows = connection_->query(sql_.select_binding, {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return binding_from(rows.front());
}

std::optional<Binding> SqlSession::find_live_by_out_id(std::string_view out_id, std::string_view tenant,
                                                       Instant now) {
  const auto rows = connection_->query(sql_.select_live_by_out_id,
                                       {std::string(out_id), to_epoch(now), std::string(tenant)});
  if (rows.empty()) return std::nullopt;
  return binding_from(rows.front());
}

std::vector<Binding> SqlSession::live_bindings_on(std::string_view x, Instant now) {
  return map_rows<Binding>(connection_->query(sql_.live_bindings_on, {std::string(x), to_epoch(now)}), binding_from);
}

std::vector<Binding> SqlSession::live_bindings_for(std::string_view x, std::string_view caller, Instant now) {
  return routing_facts(x, caller, now).bindings;
}

RoutingFacts SqlSession::routing_facts(std::string_view x, std::string_view caller, Instant now) {
  const auto rows = connection_->query(sql_.routing_facts, {std::string(x), to_epoch(now), std::string(caller)});
  RoutingFacts facts;
  for (const Row& row : rows) {
    if (row.is_null(0)) {
      facts.gateway = row.text(kRoutingGatewayColumn);  // X's own row
      facts.x_imported_as = row.text(kRoutingImportedAsColumn);
      facts.x_tenant = row.text(kRoutingTenantColumn);
    } else {
      facts.bindings.push_back(binding_from(row));
    }
  }
  // The order live_bindings_on gives (the statement has no ORDER BY, see
  // kRoutingFacts); at most three rows.
  std::sort(facts.bindings.begin(), facts.bindings.end(), [](const Binding& l, const Binding& r) {
    return l.created_at != r.created_at ? l.created_at < r.created_at : l.id < r.id;
  });
  return facts;
}

std::optional<Binding> SqlSession::find_live_extension(std::string_view x, std::string_view extension,
                                                       Instant now) {
  const auto rows =
      connection_->query(sql_.live_extension, {std::string(x), std::string(extension), to_epoch(now)});
  if (rows.empty()) return std::nullopt;
  return binding_from(rows.front());
}

std::vector<std::string> SqlSession::extensions_on(std::string_view x) {
  std::vector<std::string> out;
  for (const Row& row : connection_->query(sql_.extensions_on, {std::string(x)})) out.push_back(row.text(0));
  return out;
}

Page<Binding> SqlSession::list_extensions(std::string_view x, const PageRequest& p, Instant now) {
  Page<Binding> page;
  page.items = map_rows<Binding>(
      connection_->query(sql_.list_extensions, {std::string(x), to_epoch(now), p.limit, p.offset}), binding_from);
  page.total = count(sql_.count_extensions, {std::string(x), to_epoch(now)});
  return page;
}

Page<Binding> SqlSession::list_bindings(const BindingFilter& f, const PageRequest& p, Instant now) {
  const std::int64_t live = f.live_only ? 1 : 0;
  Page<Binding> page;
  page.items = map_rows<Binding>(
      connection_->query(sql_.list_bindings, {f.number, live, to_epoch(now), p.limit, p.offset, f.tenant}),
      binding_from);
  page.total = count(sql_.count_bindings, {f.number, live, to_epoch(now), f.tenant});
  return page;
}

std::int64_t SqlSession::sweep_expired(Instant now) {
  connection_->execute(sql_.uncount_expired, {to_epoch(now)});
  return connection_->execute(sql_.sweep_expired, {to_epoch(now)});
}

// ---- call records

CallRecord SqlSession::lock_record(std::string_view uuid, Instant now) {
  connection_->execute(sql_.ensure_record, {std::string(uuid), to_epoch(now)});
  const auto rows = connection_->query(sql_.select_record_for_update, {std::string(uuid)});
  if (rows.empty()) throw StorageError("call record vanished while locked");
  return record_from(rows.front());
}

void SqlSession::save_record(const CallRecord& r) { connection_->execute(sql_.update_record, record_params(r)); }

bool SqlSession::insert_record_if_absent(const CallRecord& r) {
  return connection_->execute(sql_.insert_record_if_absent, record_params(r)) == 1;
}

std::vector<bool> SqlSession::insert_records_if_absent(std::span<const CallRecord> records) {
  std::vector<bool> inserted(records.size(), false);
  std::size_t next = 0;
  for (std::size_t chunk = 0; chunk < SqlRepository::kRecordChunks.size(); ++chunk) {
    const std::size_t rows = SqlRepository::kRecordChunks[chunk];
    while (records.size() - next >= rows) {
      Params params;
      params.reserve(rows * sql::kRecordColumns);
      std::unordered_map<std::string_view, std::size_t> index;  // uuid → position in records
      for (std::size_t i = next; i < next + rows; ++i) {
        Params one = record_params(records[i]);
        std::move(one.begin(), one.end(), std::back_inserter(params));
        index.emplace(records[i].uuid, i);
      }
      for (const Row& row : connection_->query(owner_.insert_records_sql(chunk), params)) {
        const auto found = index.find(row.text(0));
        if (found != index.end()) inserted[found->second] = true;
      }
      next += rows;
    }
  }
  for (; next < records.size(); ++next) inserted[next] = insert_record_if_absent(records[next]);
  return inserted;
}

std::optional<CallRecord> SqlSession::find_record(std::string_view uuid) {
  const auto rows = connection_->query(sql_.select_record, {std::string(uuid)});
  if (rows.empty() || record_from(rows.front()).seen == 0) return std::nullopt;
  return record_from(rows.front());
}

Page<CallRecord> SqlSession::list_records(const RecordFilter& f, const PageRequest& p) {
  const std::int64_t from = f.from ? to_epoch(*f.from) : std::numeric_limits<std::int64_t>::min();
  const std::int64_t to = f.to ? to_epoch(*f.to) : std::numeric_limits<std::int64_t>::max();
  Page<CallRecord> page;
  page.items = map_rows<CallRecord>(
      connection_->query(sql_.list_records, {f.binding_id, f.number, from, to, p.limit, p.offset, f.tenant}),
      record_from);
  page.total = count(sql_.count_records, {f.binding_id, f.number, from, to, f.tenant});
  return page;
}

// ---- AXG groups

void SqlSession::insert_group(const model::NumberGroup& g) {
  connection_->execute(sql_.insert_group,
                       {g.id, g.name, to_epoch(g.created_at), to_epoch(g.updated_at), g.tenant});
}

std::optional<model::NumberGroup> SqlSession::find_group(std::string_view id) {
  const auto rows = connection_->query(sql_.select_group, {std::string(id)});
  if (rows.empty()) return std::nullopt;
  model::NumberGroup g = group_from(rows.front());
  g.members = map_rows<std::string>(connection_->query(sql_.select_members, {std::string(id)}),
                                    [](const Row& row) { return row.text(0); });
  g.member_count = static_cast<std::int64_t>(g.members.size());
  return g;
}

bool SqlSession::add_member(std::string_view group_id, std::string_view number, Instant now) {
  return connection_->execute(sql_.insert_member, {std::string(group_id), std::string(number), to_epoch(now)}) == 1;
}

bool SqlSession::remove_member(std::string_view group_id, std::string_view number) {
  return connection_->execute(sql_.delete_member, {std::string(group_id), std::string(number)}) == 1;
}

void SqlSession::touch_group(std::string_view id, Instant now) {
  connection_->execute(sql_.touch_group, {std::string(id), to_epoch(now)});
}

bool SqlSession::is_member(std::string_view group_id, std::string_view number) {
  return !connection_->query(sql_.is_member, {std::string(group_id), std::string(number)}).empty();
}

Page<model::NumberGroup> SqlSession::list_groups(std::string_view tenant, const PageRequest& p) {
  Page<model::NumberGroup> page;
  page.items = map_rows<model::NumberGroup>(
      connection_->query(sql_.list_groups, {std::string(tenant), p.limit, p.offset}), group_from);
  for (model::NumberGroup& g : page.items) g.member_count = count(sql_.member_count, {g.id});
  page.total = count(sql_.count_groups, {std::string(tenant)});
  return page;
}

std::int64_t SqlSession::group_in_use(std::string_view group_id, Instant now) {
  return count(sql_.group_in_use, {std::string(group_id), to_epoch(now)});
}

void SqlSession::delete_group(std::string_view group_id) {
  connection_->execute(sql_.delete_members, {std::string(group_id)});
  connection_->execute(sql_.delete_group, {std::string(group_id)});
}

LiveBindingCounts SqlSession::live_binding_counts(Instant now) {
  LiveBindingCounts counts;
  for (const Row& row : connection_->query(sql_.live_binding_counts, {to_epoch(now)})) {
    const auto mode = model::parse_name<model::Mode>(row.text(0));
    if (mode == model::Mode::axb) counts.axb = row.integer(1);
    if (mode == model::Mode::axn) counts.axn = row.integer(1);
    if (mode == model::Mode::axyb) counts.axyb = row.integer(1);
    if (mode == model::Mode::axg) counts.axg = row.integer(1);
    if (mode == model::Mode::axe) counts.axe = row.integer(1);
  }
  return counts;
}

// ---- push outbox

namespace {

Params push_params(const PushItem& i) {
  return {i.id,
          i.idempotency_key,
          i.url,
          i.kind,
          i.uuid,
          i.payload,
          to_epoch(i.created_at),
          i.attempts,
          to_epoch(i.next_attempt_at),
          std::int64_t{i.dead ? 1 : 0},
          i.last_error,
          i.tenant};
}

PushItem push_from(const Row& row) {
  PushItem i;
  i.id = row.integer(0);
  i.idempotency_key = row.text(1);
  i.url = row.text(2);
  i.kind = row.text(3);
  i.uuid = row.text(4);
  i.payload = row.text(5);
  i.created_at = model::from_epoch(row.integer(6));
  i.attempts = row.integer(7);
  i.next_attempt_at = model::from_epoch(row.integer(8));
  i.dead = row.integer(9) != 0;
  i.last_error = row.text(10);
  i.tenant = row.text(11);
  return i;
}

}  // namespace

void SqlSession::enqueue_push(const PushItem& item) { connection_->execute(sql_.insert_push, push_params(item)); }

std::vector<PushItem> SqlSession::claim_push(Instant now, Instant lease_until, std::int64_t limit) {
  auto items = map_rows<PushItem>(connection_->query(sql_.select_due_push, {to_epoch(now), limit}), push_from);
  for (PushItem& i : items) {
    connection_->execute(sql_.lease_push, {i.id, to_epoch(lease_until)});
    i.next_attempt_at = lease_until;
  }
  return items;
}

void SqlSession::delete_push(std::int64_t id) { connection_->execute(sql_.delete_push, {id}); }

void SqlSession::fail_push(std::int64_t id, Instant next_attempt_at, std::string_view error, bool dead) {
  connection_->execute(sql_.fail_push,
                       {id, to_epoch(next_attempt_at), std::string(error), std::int64_t{dead ? 1 : 0}});
}

std::optional<Instant> SqlSession::next_push_due() {
  const auto rows = connection_->query(sql_.next_push_due, {});
  if (rows.empty() || rows.front().is_null(0)) return std::nullopt;
  return model::from_epoch(rows.front().integer(0));
}

PushCounts SqlSession::push_counts() {
  const auto rows = connection_->query(sql_.push_counts, {});
  if (rows.empty()) return {};
  return PushCounts{rows.front().integer(0), rows.front().integer(1)};
}

Page<PushItem> SqlSession::list_dead_push(std::string_view tenant, const PageRequest& p) {
  Page<PushItem> page;
  page.items = map_rows<PushItem>(
      connection_->query(sql_.list_dead_push, {p.limit, p.offset, std::string(tenant)}), push_from);
  page.total = count(sql_.count_dead_push, {std::string(tenant)});
  return page;
}

bool SqlSession::resend_push(std::int64_t id, std::string_view tenant, Instant now) {
  return connection_->execute(sql_.resend_push, {id, to_epoch(now), std::string(tenant)}) == 1;
}

}  // namespace ctib::numbers::storage
