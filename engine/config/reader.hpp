#pragma once
// Typed reads from one TOML table, with the key path and line of every value
// for error messages, and a check that no unknown key was given (a typo such
// as `sip-prot` must not be silently ignored). Internal to engine/config.

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/config/load.hpp"

namespace ctib::config::detail {

// Thrown inside the loader only; load_string() turns it into a ConfigError.
struct Invalid {
  ConfigError error;
};

class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, std::string_view source);

  std::optional<std::string> string(std::string_view key);
  std::optional<long long> integer(std::string_view key, long long min, long long max);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::uint16_t> port(std::string_view key);
  std::vector<std::string> strings(std::string_view key);
  const toml::table* table(std::string_view key);
  const toml::node* node(std::string_view key);

  // Fails on the first key that no read above asked for.
  void reject_unknown_keys() const;

  [[noreturn]] void fail(std::string_view key, std::string message) const;
  [[nodiscard]] std::string key_path(std::string_view key) const;
  [[nodiscard]] std::string_view source() const { return source_; }

 private:
  const toml::node* lookup(std::string_view key);
  const toml::table& table_;
  std::string path_;
  std::string source_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace ctib::config::detail
