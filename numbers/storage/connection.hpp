#pragma once
// What a backend provides to the shared SQL session code: one database
// connection that runs parameterised statements ($1, $2, ... placeholders
// in both backends) and multi-statement scripts (migrations). Used by one
// thread at a time (the pool hands it out). Errors throw StorageError.

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "numbers/storage/value.hpp"

namespace ctib::numbers::storage {

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual std::vector<Row> query(std::string_view sql, const Params& params) = 0;
  // Returns the number of rows changed.
  virtual std::int64_t execute(std::string_view sql, const Params& params) = 0;
  virtual void execute_script(std::string_view sql) = 0;
  // False when the connection is broken and should be replaced.
  [[nodiscard]] virtual bool usable() const = 0;
};

using ConnectionFactory = std::function<std::unique_ptr<SqlConnection>()>;

}  // namespace ctib::numbers::storage
