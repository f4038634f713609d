#pragma once
// A Session on one leased connection, inside one transaction.

#include <memory>

#include "numbers/storage/connection.hpp"
#include "numbers/storage/repository.hpp"
#include "numbers/storage/statements.hpp"

namespace ctib::numbers::storage {

class SqlRepository;

class SqlSession final : public Session {
 public:
  SqlSession(SqlRepository& owner, std::unique_ptr<SqlConnection> connection, const Statements& sql,
             SessionKind kind);
  ~SqlSession() override;  // rolls back unless committed, then returns the connection

  void commit() override;

  void insert_number(const MiddleNumber& n) override;
  void update_number(const MiddleNumber& n) override;
  std::optional<NumberUsage> find_number(std::string_view number, Instant now) override;
  Page<NumberUsage> list_numbers(const NumberFilter& f, const PageRequest& p, Instant now) override;
  std::vector<NumberUsage> pool_candidates(std::string_view tenant, std::string_view area_code, Instant now,
                                           const PageRequest& page) override;
  std::vector<std::string> blocked_numbers(std::string_view p1, std::string_view p2, Instant since) override;
  std::vector<PoolUsage> pool_usage() override;

  void insert_binding(const Binding& b) override;
  void update_binding(const Binding& b) override;
  std::optional<Binding> find_binding(std::string_view id) override;
  std::optional<Binding> find_live_by_out_id(std::string_view out_id, std::string_view tenant,
                                             Instant now) override;
  std::vector<Binding> live_bindings_on(std::string_view x, Instant now) override;
  std::vector<Binding> live_bindings_for(std::string_view x, std::string_view caller, Instant now) override;
  RoutingFacts routing_facts(std::string_view x, std::string_view caller, Instant now) override;
  Page<Binding> list_bindings(const BindingFilter& f, const PageRequest& p, Instant now) override;
  void insert_group(const model::NumberGroup& g) override;
  std::optional<model::NumberGroup> find_group(std::string_view id) override;
  bool add_member(std::string_view group_id, std::string_view number, Instant now) override;
  bool remove_member(std::string_view group_id, std::string_view number) override;
  void touch_group(std::string_view id, Instant now) override;
  bool is_member(std::string_view group_id, std::string_view number) override;
  std::optional<Binding> find_live_extension(std::string_view x, std::string_view extension, Instant now) override;
  std::vector<std::string> extensions_on(std::string_view x) override;
  Page<Binding> list_extensions(std::string_view x, const PageRequest& p, Instant now) override;
  Page<model::NumberGroup> list_groups(std::string_view tenant, const PageRequest& p) override;
  std::int64_t group_in_use(std::string_view group_id, Instant now) override;
  void delete_group(std::string_view group_id) override;
  std::int64_t sweep_expired(Instant now) override;
  LiveBindingCounts live_binding_counts(Instant now) override;

  CallRecord lock_record(std::string_view uuid, Instant now) override;
  void save_record(const CallRecord& r) override;
  bool insert_record_if_absent(const CallRecord& r) override;
  std::vector<bool> insert_records_if_absent(std::span<const CallRecord> records) override;
  std::optional<CallRecord> find_record(std::string_view uuid) override;
  Page<CallRecord> list_records(const RecordFilter& f, const PageRequest& p) override;

  void enqueue_push(const PushItem& item) override;
  std::vector<PushItem> claim_push(Instant now, Instant lease_until, std::int64_t limit) override;
  void delete_push(std::int64_t id) override;
  void fail_push(std::int64_t id, Instant next_attempt_at, std::string_view error, bool dead) override;
  std::optional<Instant> next_push_due() override;
  PushCounts push_counts() override;
  Page<PushItem> list_dead_push(std::string_view tenant, const PageRequest& p) override;
  bool resend_push(std::int64_t id, std::string_view tenant, Instant now) override;

 private:
  std::int64_t count(std::string_view sql, const Params& params);
  void add_active_pairs(const std::string& x, std::int64_t change);

  SqlRepository& owner_;
  std::unique_ptr<SqlConnection> connection_;
  const Statements& sql_;
  bool done_ = false;
  bool in_transaction_ = true;  // false for reads the backend runs in autocommit
};

}  // namespace ctib::numbers::storage
