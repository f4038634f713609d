#pragma once
// Opens a fresh, empty repository for one test on the backend named by
// CTIB_TEST_BACKEND ("sqlite" | "postgres:<conninfo file>"). SQLite: a new
// file in a temporary directory. PostgreSQL: a new schema on the fixture's
// server, whose conninfo pg_server.sh wrote to that file. Everything is removed when the TestBackend dies.

#include <memory>
#include <string>

#include "numbers/storage/repository.hpp"

namespace ctib::numbers::storage::testing {

class TestBackend {
 public:
  // Throws std::runtime_error when the backend cannot be set up: a test that
  // cannot reach PostgreSQL fails, it does not skip.
  explicit TestBackend(model::Instant now);
  ~TestBackend();
  TestBackend(const TestBackend&) = delete;
  TestBackend& operator=(const TestBackend&) = delete;

  Repository& repository() { return *repository_; }
  // Opens the same database again (migrations must be a no-op the 2nd time).
  std::unique_ptr<Repository> reopen(model::Instant now) const;
  [[nodiscard]] const std::string& name() const { return backend_; }

 private:
  std::string backend_;
  std::string location_;  // sqlite: file path; postgres: conninfo with search_path
  std::string directory_; // sqlite temp dir
  std::string admin_conninfo_;
  std::string schema_;
  std::unique_ptr<Repository> repository_;
};

}  // namespace ctib::numbers::storage::testing
