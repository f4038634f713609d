#pragma once
// The SQL a backend runs, one named field per statement. Each backend fills
// one constexpr Statements in its own statements.hpp (the one place its SQL
// lives); most fields take the portable text from portable_sql.hpp.
// Placeholders are $1, $2, ... (SQLite binds them by name).

#include <string_view>

namespace ctib::numbers::storage {

struct Statements {
  // transactions
  std::string_view begin_read;  // "": read sessions run without a transaction (autocommit)
  std::string_view begin_write;
  std::string_view lock_bindings;  // serialises binding sessions; "" when BEGIN already does
  std::string_view commit;
  std::string_view rollback;
  // migrations
  std::string_view create_migrations_table;
  std::string_view select_migrations;
  std::string_view insert_migration;
  // pool
  std::string_view insert_number;
  std::string_view update_number;
  std::string_view select_number;
  std::string_view list_numbers;
  std::string_view count_numbers;
  std::string_view pool_candidates_any_area;
  std::string_view pool_candidates_in_area;
  std::string_view add_active_pairs;
  std::string_view blocked_numbers;
  std::string_view pool_usage;
  // bindings
  std::string_view insert_binding;
  std::string_view update_binding;
  std::string_view select_binding;
  std::string_view select_binding_count;
  std::string_view select_live_by_out_id;
  std::string_view live_bindings_on;
  std::string_view routing_facts;
  std::string_view live_extension;
  std::string_view extensions_on;
  std::string_view list_extensions;
  std::string_view count_extensions;
  std::string_view list_bindings;
  std::string_view count_bindings;
  std::string_view uncount_expired;
  std::string_view sweep_expired;
  std::string_view live_binding_counts;
  // AXG groups
  std::string_view insert_group;
  std::string_view select_group;
  std::string_view touch_group;
  std::string_view insert_member;
  std::string_view delete_member;
  std::string_view select_members;
  std::string_view is_member;
  std::string_view list_groups;
  std::string_view count_groups;
  std::string_view member_count;
  std::string_view group_in_use;
  std::string_view delete_members;
  std::string_view delete_group;
  // call records
  std::string_view insert_record_if_absent;
  std::string_view ensure_record;
  std::string_view select_record_for_update;
  std::string_view select_record;
  std::string_view update_record;
  std::string_view list_records;
  std::string_view count_records;
  // push outbox
  std::string_view insert_push;
  std::string_view select_due_push;  // PostgreSQL: FOR UPDATE SKIP LOCKED
  std::string_view lease_push;
  std::string_view delete_push;
  std::string_view fail_push;
  std::string_view next_push_due;
  std::string_view push_counts;
  std::string_view list_dead_push;
  std::string_view count_dead_push;
  std::string_view resend_push;
};

}  // namespace ctib::numbers::storage
