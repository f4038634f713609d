#include "numbers/storage/sqlite/sqlite.hpp"

#include <sqlite3.h>

#include "numbers/storage/connection.hpp"
#include "numbers/storage/sql_repository.hpp"
#include "numbers/storage/sqlite/statements.hpp"

namespace ctib::numbers::storage::sqlite {

namespace {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
      throw StorageError(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are named $1, $2, ...: bound by name, so the SQL may use
  // them in any order and more than once.
  void bind(const Params& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::string name = "$" + std::to_string(i + 1);
      const int index = sqlite3_bind_parameter_index(stmt_, name.c_str());
      if (index == 0) continue;  // this statement does not use it
      check(bind_one(index, params[i]));
    }
  }

  // Steps to the end; collects rows.
  std::vector<Row> run() {
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
};

class Connection final : public SqlConnection {
 public:
  explicit Connection(const std::string& path) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StorageError("sqlite open " + path + ": " + message);
    }
    execute_script(kConnectionSetup);
  }
  ~Connection() override { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    Statement statement(db_, sql);
    statement.bind(params);
    return statement.run();
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
};

}  // namespace

std::unique_ptr<Repository> open(const std::string& path, std::size_t pool_size, model::Instant now) {
  return std::make_unique<SqlRepository>([path] { return std::make_unique<Connection>(path); }, kStatements,
                                         pool_size, now);
}

}  // namespace ctib::numbers::storage::sqlite
