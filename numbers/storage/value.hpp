#pragma once
// Backend-neutral SQL values: what the shared session code binds as
// parameters and reads back from rows. PostgreSQL hands every cell back as
// text, SQLite as its storage class; Row's accessors accept both.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ctib::numbers::storage {

using Value = std::variant<std::monostate, std::int64_t, std::string>;
using Params = std::vector<Value>;

class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}

  [[nodiscard]] bool is_null(std::size_t i) const;
  [[nodiscard]] std::string text(std::size_t i) const;             // "" for NULL
  [[nodiscard]] std::int64_t integer(std::size_t i) const;          // throws StorageError on NULL/non-number
  [[nodiscard]] std::optional<std::int64_t> optional_integer(std::size_t i) const;
  [[nodiscard]] std::size_t size() const noexcept { return cells_.size(); }

 private:
  std::vector<Value> cells_;
};

}  // namespace ctib::numbers::storage
