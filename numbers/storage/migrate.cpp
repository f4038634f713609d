#include <set>

#include "numbers/storage/connection.hpp"
#include "numbers/storage/migrations.hpp"
#include "numbers/storage/repository.hpp"
#include "numbers/storage/statements.hpp"

namespace ctib::numbers::storage {

namespace {

std::set<std::int64_t> applied_versions(SqlConnection& connection, const Statements& sql) {
  std::set<std::int64_t> out;
  for (const Row& row : connection.query(sql.select_migrations, {})) out.insert(row.integer(0));
  return out;
}

}  // namespace

int migrate(SqlConnection& connection, const Statements& sql, model::Instant now) {
  connection.execute_script(sql.create_migrations_table);
  int applied = 0;
  for (const Migration& m : migrations()) {
    // One transaction per migration; the bindings lock keeps two instances
    // starting together from applying the same file twice.
    connection.execute_script(sql.begin_write);
    try {
      if (!sql.lock_bindings.empty()) connection.query(sql.lock_bindings, {});
      if (applied_versions(connection, sql).contains(m.version)) {
        connection.execute_script(sql.rollback);
        continue;
      }
      connection.execute_script(m.sql);
      connection.execute(sql.insert_migration, {m.version, std::string(m.name), model::to_epoch(now)});
      connection.execute_script(sql.commit);
      ++applied;
    } catch (const StorageError& e) {
      connection.execute_script(sql.rollback);
      throw StorageError("migration " + std::string(m.name) + " failed: " + e.what());
    }
  }
  return applied;
}

}  // namespace ctib::numbers::storage
