#pragma once
// Channel variables: an ordered name → value set with FreeSWITCH's rules (a
// later set replaces an earlier one; setting an empty value deletes the
// variable, as `{name=}` does in a dial string).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctib::variables {

class Variables {
 public:
  using Item = std::pair<std::string, std::string>;

  // Sets `name` to `value`. An empty value deletes the variable.
  void set(std::string_view name, std::string_view value);
  void erase(std::string_view name);

  [[nodiscard]] const std::string* find(std::string_view name) const noexcept;
  [[nodiscard]] bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }
  // The value, or `fallback` when unset.
  [[nodiscard]] std::string_view get(std::string_view name, std::string_view fallback = {}) const noexcept;
  // switch_true() of the value; false when unset.
  [[nodiscard]] bool flag(std::string_view name) const noexcept;
  // A whole decimal integer value; nullopt when unset or not an integer.
  [[nodiscard]] std::optional<long long> integer(std::string_view name) const noexcept;

  // Copies every variable of `other` in, `other` winning on conflicts.
  void merge_from(const Variables& other);

  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] auto begin() const noexcept { return items_.begin(); }
  [[nodiscard]] auto end() const noexcept { return items_.end(); }

  friend bool operator==(const Variables&, const Variables&) = default;

 private:
  // Insertion order is kept so headers built from sip_h_* come out in the
  // order the interface wrote them. Calls carry tens of variables, so a
  // linear scan beats a map here.
  std::vector<Item> items_;
};

}  // namespace ctib::variables
