#include "numbers/storage/value.hpp"

#include <charconv>

#include "numbers/storage/repository.hpp"

namespace ctib::numbers::storage {

namespace {
const Value& cell(const std::vector<Value>& cells, std::size_t i) {
  if (i >= cells.size()) throw StorageError("column index out of range");
  return cells[i];
}
}  // namespace

bool Row::is_null(std::size_t i) const { return std::holds_alternative<std::monostate>(cell(cells_, i)); }

std::string Row::text(std::size_t i) const {
  const Value& v = cell(cells_, i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return {};
}

std::int64_t Row::integer(std::size_t i) const {
  const auto value = optional_integer(i);
  if (!value) throw StorageError("NULL where a number was expected");
  return *value;
}

std::optional<std::int64_t> Row::optional_integer(std::size_t i) const {
  const Value& v = cell(cells_, i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec != std::errc() || end != s->data() + s->size()) throw StorageError("not an integer: " + *s);
    return out;
  }
  return std::nullopt;
}

}  // namespace ctib::numbers::storage
