#include "numbers/storage/postgres/postgres.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <string>
#include <unordered_map>
#include <memory>

#include "numbers/storage/connection.hpp"
#include "numbers/storage/postgres/statements.hpp"
#include "numbers/storage/sql_repository.hpp"

namespace ctib::numbers::storage::postgres {

namespace {

struct ClearResult {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ClearResult>;

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

class Connection final : public SqlConnection {
 public:
  explicit Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw StorageError("postgres connect: " + message);
    }
    // NOTICEs ("relation already exists, skipping") are not errors.
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  }
  ~Connection() override { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    const Result result = run(sql, params);
    std::vector<Row> rows;
    const int count = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    rows.reserve(static_cast<std::size_t>(count));
    for (int r = 0; r < count; ++r) {
      std::vector<Value> cells;
      cells.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result.get(), r, c)) {
          cells.emplace_back(std::monostate{});
        } else {
          cells.emplace_back(std::string(PQgetvalue(result.get(), r, c),
                                         static_cast<std::size_t>(PQgetlength(result.get(), r, c))));
        }
      }
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  std::int64_t execute(std::string_view sql, const Params& params) override {
    const Result result = run(sql, params);
    const std::string_view changed = PQcmdTuples(result.get());
    std::int64_t n = 0;
    std::from_chars(changed.data(), changed.data() + changed.size(), n);
    return n;
  }

  void execute_script(std::string_view sql) override {
    const Result result(PQexec(conn_, std::string(sql).c_str()));
    check(result);
  }

  [[nodiscard]] bool usable() const override { return PQstatus(conn_) == CONNECTION_OK; }

 private:
  // Text-format parameters; PostgreSQL infers their types from the SQL.
  Result run(std::string_view sql, const Params& params) {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* s = std::get_if<std::string>(&params[i])) {
        texts[i] = *s;
        values[i] = texts[i].c_str();
      } else if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
        texts[i] = std::to_string(*n);
        values[i] = texts[i].c_str();
      }
    }
    Result result(PQexecPrepared(conn_, prepared(sql, static_cast<int>(params.size())).c_str(),
                                 static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0));
    check(result);
    return result;
  }

  // The server-side prepared statement for `sql`, prepared on first use on
  // this connection: parsing and planning the service's statements on every
  // call cost more than running them. Types are inferred from the SQL, as
  // PQexecParams did.
  const std::string& prepared(std::string_view sql, int parameters) {
    const auto found = prepared_.find(sql);
    if (found != prepared_.end()) return found->second;
    std::string name = "ctib_" + std::to_string(prepared_.size() + 1);
    const Result result(PQprepare(conn_, name.c_str(), std::string(sql).c_str(), parameters, nullptr));
    check(result);
    return prepared_.emplace(std::string(sql), std::move(name)).first->second;
  }

  void check(const Result& result) const {
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* message = result.get() ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_);
    throw StorageError(std::string("postgres: ") + message);
  }

  PGconn* conn_;
  // Looked up by the caller's view, without copying the SQL text each time.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::string, TextHash, std::equal_to<>> prepared_;  // SQL text → statement name
};

}  // namespace

std::unique_ptr<Repository> open(const std::string& conninfo, std::size_t pool_size, model::Instant now) {
  return std::make_unique<SqlRepository>([conninfo] { return std::make_unique<Connection>(conninfo); },
                                         kStatements, pool_size, now);
}

}  // namespace ctib::numbers::storage::postgres
