// Migration 0004 on a database created before it: the kept live-pair count
// starts from the bindings already there (active ones only), and the
// service's queries run on the migrated schema. SQLite only: the test builds
// the old schema with the raw library.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <limits>
#include <random>
#include <string>

#include "numbers/storage/migrations.hpp"
#include "numbers/storage/sqlite/records_file.hpp"
#include "numbers/storage/sqlite/sqlite.hpp"

namespace ctib::numbers::storage {
namespace {

void run(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  ASSERT_EQ(rc, SQLITE_OK) << message << "\n" << sql;
}

std::string binding_row(const std::string& id, const std::string& a, const std::string& x, const std::string& state,
                        std::int64_t expires) {
  return "INSERT INTO bindings (id, mode, a, b, x, expires_at, out_id, user_data, record, restriction, max_duration,"
         " state, created_at, updated_at, released_at) VALUES ('" + id + "', 'AXB', '" + a + "', '" + a + "9', '" + x +
         "', " + std::to_string(expires) + ", '', '', 0, 'none', 0, '" + state + "', 1, 1, NULL);";
}

std::filesystem::path fresh_dir(const std::string& prefix) {
  auto dir = std::filesystem::temp_directory_path() / (prefix + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  return dir;
}

// The database an older ctib-numbers left: the migrations below `version`
// applied and recorded as its migrator records them.
void apply_migrations_before(sqlite3* db, std::int64_t version) {
  run(db, "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL,"
          " applied_at BIGINT NOT NULL)");
  for (const Migration& m : migrations()) {
    if (m.version >= version) break;
    run(db, std::string(m.sql));
    run(db, "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" + std::string(m.name) +
                "', 1)");
  }
}

TEST(NumbersSqliteMigrationTest, PairCountStartsFromExistingBindings) {
  const auto dir = fresh_dir("ctib-migrate-");
  const std::string path = (dir / "old.db").string();
  const model::Instant now = model::from_epoch(1'700'000'000);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    apply_migrations_before(db, 4);
    run(db, "INSERT INTO pool_numbers VALUES ('+8617100000001', 'gw', '010', 'available', 1, 1);"
            "INSERT INTO pool_numbers VALUES ('+8617100000002', 'gw', '010', 'available', 1, 1);");
    const std::int64_t later = model::to_epoch(now) + 600;
    run(db, binding_row("b1", "+8613800000001", "+8617100000001", "active", later));
    run(db, binding_row("b2", "+8613800000002", "+8617100000001", "active", later));
    run(db, binding_row("b3", "+8613800000003", "+8617100000001", "released", later));
    // Active but past its expiry, unswept: counted, and subtracted on read.
    run(db, binding_row("b4", "+8613800000004", "+8617100000002", "active", model::to_epoch(now) - 1));
    sqlite3_close(db);
  }
  {
    auto repo = sqlite::open(path, 1, now);  // applies 0004 and later
    auto s = repo->begin(SessionKind::read);
    EXPECT_EQ(s->find_number("+8617100000001", now)->live_pairs, 2);
    EXPECT_EQ(s->find_number("+8617100000002", now)->live_pairs, 0);
    const auto first = s->pool_candidates("default", "010", now, {0, 10});
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].number.number, "+8617100000002");
    EXPECT_EQ(s->live_bindings_for("+8617100000001", "+8613800000002", now).at(0).id, "b2");
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT active_pairs FROM pool_numbers ORDER BY number", -1, &stmt, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(stmt, 0), 2);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(stmt, 0), 1);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  std::filesystem::remove_all(dir);
}

std::int64_t count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    n = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

// A database made before the records had their own file: its records move
// there (rows and indexes), the service finds them, and a second start
// changes nothing.
// Migration 0009 (AXE) rebuilds `bindings` for its mode CHECK: every
// column of 0005-0007 survives, the indexes are back, and the new column
// reads '' for the bindings made before it.
TEST(NumbersSqliteMigrationTest, AxeRebuildKeepsEveryBindingColumn) {
  const auto dir = fresh_dir("ctib-migrate-axe-");
  const std::string path = (dir / "old.db").string();
  const model::Instant now = model::from_epoch(1'700'000'000);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    apply_migrations_before(db, 9);
    run(db, "INSERT INTO pool_numbers (number, gateway, area_code, state, created_at, updated_at, active_pairs,"
            " imported_as, tenant) VALUES ('+8617100000001', 'gw', '010', 'available', 1, 1, 1, '01017100000001',"
            " 'acme')");
    run(db, "INSERT INTO bindings (id, mode, a, b, x, expires_at, out_id, user_data, record, restriction,"
            " max_duration, state, created_at, updated_at, released_at, y, group_id, callback_url, tenant)"
            " VALUES ('g1', 'AXG', '+8613800000001', '+8613900000001', '+8617100000001', " +
                std::to_string(model::to_epoch(now) + 600) +
                ", 'out-1', 'ud', 1, 'b_to_x_barred', 60, 'active', 1, 2, NULL, '', 'grp_1',"
                " 'https://cb.example/x', 'acme')");
    sqlite3_close(db);
  }
  {
    auto repo = sqlite::open(path, 1, now);  // applies 0009
    auto s = repo->begin(SessionKind::read);
    const auto b = s->find_binding("g1");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->mode, model::Mode::axg);
    EXPECT_EQ(b->b, "+8613900000001");
    EXPECT_EQ(b->out_id, "out-1");
    EXPECT_EQ(b->user_data, "ud");
    EXPECT_TRUE(b->record);
    EXPECT_EQ(b->restriction, model::Restriction::b_to_x_barred);
    EXPECT_EQ(b->max_duration, 60);
    EXPECT_EQ(b->group_id, "grp_1");
    EXPECT_EQ(b->callback_url, "https://cb.example/x");
    EXPECT_EQ(b->tenant, "acme");
    EXPECT_EQ(b->extension, "");
    EXPECT_EQ(s->routing_facts("+8617100000001", "+8613700000001", now).bindings.at(0).id, "g1");
    EXPECT_EQ(s->find_number("+8617100000001", now)->live_pairs, 1);
  }
  std::filesystem::remove_all(dir);
}

TEST(NumbersSqliteMigrationTest, CallRecordsMoveToTheirOwnFile) {
  const auto dir = fresh_dir("ctib-records-");
  const std::string path = (dir / "old.db").string();
  const model::Instant now = model::from_epoch(1'700'000'000);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    apply_migrations_before(db, std::numeric_limits<std::int64_t>::max());
    run(db, "INSERT INTO call_records (uuid, x, seen, updated_at) VALUES ('u1', '+8617100000001', 1, 1)");
    // The push outbox (0006) joins the records, so both commit together.
    run(db, "INSERT INTO push_outbox (id, idempotency_key, url, kind, uuid, payload, created_at, next_attempt_at)"
            " VALUES (1, 'u1:callin', 'http://r/', 'event', 'u1', '{}', 1, 1)");
    sqlite3_close(db);
  }
  ASSERT_EQ(count(path, "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'call_records'"), 8);
  const auto outbox_objects = count(path, "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'push_outbox'");
  ASSERT_GE(outbox_objects, 2);  // the table and push_outbox_due at least
  for (int start = 0; start < 2; ++start) {
    auto repo = sqlite::open(path, 2, now);
    EXPECT_EQ(repo->begin(SessionKind::read)->find_record("u1")->x, "+8617100000001");
    auto s = repo->begin(SessionKind::records);
    model::CallRecord r = s->lock_record("u2", now);
    r.seen = 1;
    s->save_record(r);
    s->commit();
  }
  const std::string records = sqlite::records_path(path);
  EXPECT_EQ(records, path + "-records");
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'call_records'"), 0);
  // The table, its primary key's index and its six indexes.
  EXPECT_EQ(count(records, "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'call_records'"), 8);
  EXPECT_EQ(count(records, "SELECT COUNT(*) FROM call_records"), 2);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'push_outbox'"), 0);
  EXPECT_EQ(count(records, "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'push_outbox'"), outbox_objects);
  EXPECT_EQ(count(records, "SELECT COUNT(*) FROM push_outbox WHERE idempotency_key = 'u1:callin'"), 1);
  std::filesystem::remove_all(dir);
}

TEST(NumbersSqliteMigrationTest, AMissingRecordsFileRefusesToStart) {
  // The database copied without its records file: the migrations are
  // recorded as done, so nothing would recreate call_records, and every
  // record would fail to be written while routing went on.
  const auto dir = fresh_dir("ctib-records-lost-");
  const std::string path = (dir / "numbers.db").string();
  const model::Instant now = model::from_epoch(1'700'000'000);
  sqlite::open(path, 1, now).reset();
  std::filesystem::remove(sqlite::records_path(path));
  try {
    sqlite::open(path, 1, now);
    ADD_FAILURE() << "opened a database whose records file is gone";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("records file"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

// Migration 0010 (decision 0027) on a database an older version left, with
// 0008 and 0009 absent: versions are applied by set, so the gap is
// harmless; the old record reads as not transferred and takes a transfer.
TEST(NumbersSqliteMigrationTest, TransferColumnsAfterAGapInVersions) {
  const auto dir = fresh_dir("ctib-transfer-");
  const std::string path = (dir / "old.db").string();
  const model::Instant now = model::from_epoch(1'700'000'000);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    apply_migrations_before(db, 10);
    run(db, "INSERT INTO call_records (uuid, x, seen, updated_at) VALUES ('u1', '+8617100000001', 1, 1)");
    sqlite3_close(db);
  }
  for (int start = 0; start < 2; ++start) {  // the second start applies nothing again
    auto repo = sqlite::open(path, 2, now);
    const auto old = repo->begin(SessionKind::read)->find_record("u1");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->x, "+8617100000001");
    EXPECT_EQ(old->transferred_to, start == 0 ? "" : "+8617100000005");
    auto s = repo->begin(SessionKind::records);
    model::CallRecord r = s->lock_record("u1", now);
    r.transferred_to = "+8617100000005";
    r.transfer_time = now;
    s->save_record(r);
    s->commit();
  }
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM schema_migrations WHERE version = 10"), 1);
  EXPECT_EQ(count(sqlite::records_path(path), "SELECT COUNT(*) FROM call_records WHERE transferred_to <> ''"), 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ctib::numbers::storage
