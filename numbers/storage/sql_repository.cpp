#include "numbers/storage/sql_repository.hpp"

#include "numbers/storage/migrations.hpp"
#include "numbers/storage/portable_sql.hpp"
#include "numbers/storage/sql_session.hpp"

namespace ctib::numbers::storage {

SqlRepository::SqlRepository(ConnectionFactory factory, const Statements& sql, std::size_t pool_size,
                             model::Instant now)
    : factory_(std::move(factory)), sql_(sql), pool_size_(pool_size == 0 ? 1 : pool_size) {
  for (std::size_t i = 0; i < kRecordChunks.size(); ++i) {
    std::string text(sql::kInsertRecordsHead);
    for (std::size_t row = 0; row < kRecordChunks[i]; ++row) {
      text += row == 0 ? "(" : ", (";
      for (std::size_t column = 0; column < sql::kRecordColumns; ++column) {
        if (column > 0) text += ", ";
        text += "$" + std::to_string(row * sql::kRecordColumns + column + 1);
      }
      text += ")";
    }
    text += sql::kInsertRecordsTail;
    insert_records_sql_[i] = std::move(text);
  }
  auto first = factory_();
  migrate(*first, sql_, now);
  idle_.push_back(std::move(first));
  open_ = 1;
}

SqlRepository::~SqlRepository() = default;

std::unique_ptr<SqlConnection> SqlRepository::take() {
  std::unique_lock lock(mutex_);
  released_.wait(lock, [this] { return !idle_.empty() || open_ < pool_size_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();
  try {
    return factory_();
  } catch (...) {
    const std::lock_guard relock(mutex_);
    --open_;
    released_.notify_one();
    throw;
  }
}

void SqlRepository::give_back(std::unique_ptr<SqlConnection> connection) {
  const std::lock_guard lock(mutex_);
  if (connection && connection->usable()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  released_.notify_one();
}

std::unique_ptr<Session> SqlRepository::begin(SessionKind kind) {
  return std::make_unique<SqlSession>(*this, take(), sql_, kind);
}

}  // namespace ctib::numbers::storage
