#include "engine/variables/variables.hpp"

#include <algorithm>

#include "libs/base/text.hpp"

namespace ctib::variables {

void Variables::set(std::string_view name, std::string_view value) {
  if (value.empty()) {
    erase(name);
    return;
  }
  for (auto& [n, v] : items_) {
    if (n == name) {
      v.assign(value);
      return;
    }
  }
  items_.emplace_back(std::string(name), std::string(value));
}

void Variables::erase(std::string_view name) {
  std::erase_if(items_, [&](const Item& item) { return item.first == name; });
}

const std::string* Variables::find(std::string_view name) const noexcept {
  for (const auto& [n, v] : items_) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::string_view Variables::get(std::string_view name, std::string_view fallback) const noexcept {
  const std::string* v = find(name);
  return v ? std::string_view(*v) : fallback;
}

bool Variables::flag(std::string_view name) const noexcept {
  const std::string* v = find(name);
  return v && base::is_true(*v);
}

std::optional<long long> Variables::integer(std::string_view name) const noexcept {
  const std::string* v = find(name);
  if (!v) return std::nullopt;
  return base::parse_int(base::trim(*v));
}

void Variables::merge_from(const Variables& other) {
  for (const auto& [n, v] : other.items_) set(n, v);
}

}  // namespace ctib::variables
