#include "numbers/storage/sqlite/records_file.hpp"

#include <vector>

#include "numbers/storage/repository.hpp"

namespace ctib::numbers::storage::sqlite {

std::string records_path(const std::string& path) {
  if (path.empty() || path == ":memory:") return path;
  return path + "-records";
}

namespace {

// The CREATE statement of `name` as `main` stored it, aimed at `records`:
// "CREATE INDEX call_records_x ON call_records (x)" → "CREATE INDEX
// records.call_records_x ON call_records (x)" (the table of an index is
// always in the index's own schema).
std::string in_records(std::string sql, const std::string& name) {
  const std::size_t at = sql.find(name);
  if (at == std::string::npos) throw StorageError("cannot move " + name + ": unexpected schema text");
  sql.insert(at, std::string(kRecordsSchema) + ".");
  return sql;
}

}  // namespace

namespace {

// Moves one table of the records file (see keep_records_apart).
void move_apart(SqlConnection& connection, const std::string& table) {
  // Table first, then its indexes (automatic ones have no SQL).
  const auto objects = connection.query(
      "SELECT name, sql FROM main.sqlite_master WHERE tbl_name = $1 AND sql IS NOT NULL"
      " ORDER BY type = 'table' DESC, name",
      {table});
  if (objects.empty()) return;  // already apart
  connection.execute_script("BEGIN IMMEDIATE");
  try {
    const auto there = connection.query(
        "SELECT 1 FROM records.sqlite_master WHERE type = 'table' AND name = $1", {table});
    if (there.empty()) {
      for (const Row& object : objects) connection.execute_script(in_records(object.text(1), object.text(0)));
    }
    connection.execute_script("INSERT OR IGNORE INTO records." + table + " SELECT * FROM main." + table);
    connection.execute_script("COMMIT");
  } catch (...) {
    try {
      connection.execute_script("ROLLBACK");
    } catch (const StorageError&) {
      // Already rolled back by the failure itself; the first error is the one to report.
    }
    throw;
  }
  // Only once the copy is committed (a multi-file commit is not atomic in
  // WAL mode): a crash before this line repeats the copy at the next start.
  connection.execute_script("DROP TABLE main." + table);
}

}  // namespace

void keep_records_apart(SqlConnection& connection) {
  // push_outbox (migration 0006) beside call_records: the record merge and
  // the outbox rows it writes commit in one file, hence atomically (a
  // commit across attached files is not atomic in WAL mode).
  for (const char* table : {"call_records", "push_outbox"}) move_apart(connection, table);
  // The migrations ran long ago and are recorded in `main`, so a records
  // file that went missing (deleted, not restored with its database, a
  // copy of the database alone) comes back empty and nothing recreates its
  // tables: every record would then fail to be written while routing goes
  // on. Refuse to start instead, saying what is missing.
  for (const char* table : {"call_records", "push_outbox"}) {
    if (connection.query("SELECT 1 FROM records.sqlite_master WHERE type = 'table' AND name = $1", {table})
            .empty()) {
      throw StorageError(std::string("the call records file has no ") + table +
                         " table although the database's migrations ran: the records file (<database>-records) "
                         "is missing or is not this database's; restore it beside the database (both files "
                         "belong together), or start with a new database");
    }
  }
}

}  // namespace ctib::numbers::storage::sqlite
