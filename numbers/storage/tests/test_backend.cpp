#include "numbers/storage/tests/test_backend.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "numbers/storage/postgres/postgres.hpp"
#include "numbers/storage/sqlite/sqlite.hpp"

namespace ctib::numbers::storage::testing {

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string unique_suffix() {
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(rd() % 1000000);
}

void admin_exec(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the test PostgreSQL server: " + message);
  }
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string message = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("postgres: " + message);
}

std::string read_conninfo(const std::string& file) {
  if (file.empty()) throw std::runtime_error("CTIB_TEST_BACKEND=postgres:<conninfo file> (run through ctest)");
  std::ifstream in(file);
  std::string conninfo;
  if (!std::getline(in, conninfo) || conninfo.empty()) {
    throw std::runtime_error("no conninfo in " + file + ": did numbers.postgres.start fail?");
  }
  return conninfo;
}

}  // namespace

TestBackend::TestBackend(model::Instant now) {
  const std::string selected = env("CTIB_TEST_BACKEND");
  const std::size_t colon = selected.find(':');
  backend_ = selected.substr(0, colon);
  if (backend_ == "sqlite") {
    directory_ = (std::filesystem::temp_directory_path() / ("ctib-numbers-" + unique_suffix())).string();
    std::filesystem::create_directories(directory_);
    location_ = directory_ + "/numbers.db";
  } else if (backend_ == "postgres") {
    admin_conninfo_ = read_conninfo(colon == std::string::npos ? "" : selected.substr(colon + 1));
    schema_ = "t_" + unique_suffix();
    admin_exec(admin_conninfo_, "CREATE SCHEMA " + schema_);
    location_ = admin_conninfo_ + " options='-csearch_path=" + schema_ + "'";
  } else {
    throw std::runtime_error("CTIB_TEST_BACKEND must be sqlite or postgres, not '" + backend_ + "'");
  }
  repository_ = reopen(now);
}

TestBackend::~TestBackend() {
  repository_.reset();
  try {
    if (!directory_.empty()) std::filesystem::remove_all(directory_);
    if (!schema_.empty()) admin_exec(admin_conninfo_, "DROP SCHEMA " + schema_ + " CASCADE");
  } catch (...) {
    // Cleanup of a throwaway server or temp dir; nothing to report to.
  }
}

std::unique_ptr<Repository> TestBackend::reopen(model::Instant now) const {
  if (backend_ == "sqlite") return sqlite::open(location_, 4, now);
  return postgres::open(location_, 4, now);
}

}  // namespace ctib::numbers::storage::testing
