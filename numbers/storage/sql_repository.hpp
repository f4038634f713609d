#pragma once
// The Repository both backends share: a pool of SqlConnections and a Session
// that runs the backend's Statements. A backend only supplies the
// connection type and its SQL (see sqlite/ and postgres/).

#include <array>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "numbers/storage/connection.hpp"
#include "numbers/storage/repository.hpp"
#include "numbers/storage/statements.hpp"

namespace ctib::numbers::storage {

class SqlRepository final : public Repository {
 public:
  // Opens the first connection eagerly, so a bad path or conninfo fails at
  // start-up, and applies pending migrations on it.
  SqlRepository(ConnectionFactory factory, const Statements& sql, std::size_t pool_size, model::Instant now);
  ~SqlRepository() override;

  std::unique_ptr<Session> begin(SessionKind kind) override;

  // Returns a connection to the pool; broken ones are dropped (a new one is
  // opened on demand). Called by sessions when they end.
  void give_back(std::unique_ptr<SqlConnection> connection);

  // Rows per multi-row record insert, largest first: a batch is sent in
  // chunks of these sizes (each one prepared statement per connection).
  static constexpr std::array<std::size_t, 3> kRecordChunks{64, 16, 4};
  // sql::kInsertRecordsHead with kRecordChunks[i] VALUES tuples.
  [[nodiscard]] const std::string& insert_records_sql(std::size_t chunk) const {
    return insert_records_sql_[chunk];
  }

 private:
  std::unique_ptr<SqlConnection> take();

  ConnectionFactory factory_;
  const Statements& sql_;
  const std::size_t pool_size_;
  std::mutex mutex_;                 // guards idle_ and open_
  std::condition_variable released_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  std::size_t open_ = 0;             // connections in existence (idle or leased)
  std::array<std::string, kRecordChunks.size()> insert_records_sql_;  // immutable after construction
};

}  // namespace ctib::numbers::storage
