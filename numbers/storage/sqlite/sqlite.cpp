#include "numbers/storage/sqlite/sqlite.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "numbers/storage/connection.hpp"
#include "numbers/storage/migrations.hpp"
#include "numbers/storage/sql_repository.hpp"
#include "numbers/storage/sqlite/records_file.hpp"
#include "numbers/storage/sqlite/statements.hpp"

namespace ctib::numbers::storage::sqlite {

namespace {

// A prepared statement, kept by its connection and reused: preparing the
// service's statements (joins, subqueries, unions) cost more than running
// them. Parameters are named $1, $2, ...: bound by name, so the SQL may use
// them in any order and more than once.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                           nullptr) != SQLITE_OK) {
      throw StorageError(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
    const int count = sqlite3_bind_parameter_count(stmt_);
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt_, i);
      // "$n" names the n-th parameter of Params.
      std::size_t n = 0;
      if (name && name[0] == '$') n = static_cast<std::size_t>(std::strtoul(name + 1, nullptr, 10));
      positions_.push_back(n);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds, steps to the end, collects rows, and leaves the statement reset
  // (its read transaction released) whatever happens.
  std::vector<Row> run(const Params& params) {
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt_};
    for (std::size_t i = 0; i < positions_.size(); ++i) {
      const std::size_t n = positions_[i];
      if (n == 0 || n > params.size()) continue;  // unbound: NULL, as before
      check(bind_one(static_cast<int>(i + 1), params[n - 1]));
    }
    std::vector<Row> rows;
    for (;;) {
      const int rc = sqlite3_step(stmt_);
      if (rc == SQLITE_DONE) return rows;
      if (rc != SQLITE_ROW) check(rc);
      rows.push_back(current_row());
    }
  }

 private:
  int bind_one(int index, const Value& v) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) return sqlite3_bind_int64(stmt_, index, *n);
    if (const auto* s = std::get_if<std::string>(&v)) {
      return sqlite3_bind_text(stmt_, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    }
    return sqlite3_bind_null(stmt_, index);
  }

  Row current_row() {
    const int columns = sqlite3_column_count(stmt_);
    std::vector<Value> cells;
    cells.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(stmt_, c)) {
        case SQLITE_NULL:
          cells.emplace_back(std::monostate{});
          break;
        case SQLITE_INTEGER:
          cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt_, c)));
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
          cells.emplace_back(std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))));
        }
      }
    }
    return Row(std::move(cells));
  }

  void check(int rc) const {
    if (rc != SQLITE_OK) throw StorageError(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::vector<std::size_t> positions_;  // per SQL parameter index - 1: which of Params (1-based), 0 = none
};

class Connection final : public SqlConnection {
 public:
  Connection(const std::string& path, const std::string& records) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StorageError("sqlite open " + path + ": " + message);
    }
    try {
      query(kAttachRecords, {records});
      execute_script(kConnectionSetup);
    } catch (...) {
      statements_.clear();
      sqlite3_close(db_);
      throw;
    }
    int chunk = kGrowthChunk;
    sqlite3_file_control(db_, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk);
    sqlite3_file_control(db_, kRecordsSchema, SQLITE_FCNTL_CHUNK_SIZE, &chunk);
  }
  ~Connection() override {
    statements_.clear();  // finalized before the database closes
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    auto found = statements_.find(sql);
    if (found == statements_.end()) {
      // Keyed by its own copy of the text: callers' views may not outlive us.
      auto text = std::make_unique<std::string>(sql);
      auto statement = std::make_unique<Statement>(db_, *text);
      const std::string_view key = *text;
      texts_.push_back(std::move(text));
      found = statements_.emplace(key, std::move(statement)).first;
    }
    return found->second->run(params);
  }

  std::int64_t execute(std::string_view sql, const Params& params) override {
    query(sql, params);
    return sqlite3_changes64(db_);
  }

  void execute_script(std::string_view sql) override {
    const std::string text(sql);
    char* error = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw StorageError("sqlite: " + message);
    }
  }

  [[nodiscard]] bool usable() const override { return db_ != nullptr; }

 private:
  sqlite3* db_ = nullptr;
  std::vector<std::unique_ptr<std::string>> texts_;  // the keys of statements_
  std::unordered_map<std::string_view, std::unique_ptr<Statement>> statements_;
};

}  // namespace

std::unique_ptr<Repository> open(const std::string& path, std::size_t pool_size, model::Instant now) {
  const std::string records = records_path(path);
  {
    // Schema first, then the records moved to their own file, before the
    // pool opens: SqlRepository's own migrate() then finds nothing to do.
    Connection first(path, records);
    migrate(first, kStatements, now);
    keep_records_apart(first);
  }
  return std::make_unique<SqlRepository>([path, records] { return std::make_unique<Connection>(path, records); },
                                         kStatements, pool_size, now);
}

}  // namespace ctib::numbers::storage::sqlite
