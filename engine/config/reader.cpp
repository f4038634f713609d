#include "engine/config/reader.hpp"

#include <sstream>

namespace ctib::config::detail {

namespace {
int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }
}  // namespace

TableReader::TableReader(const toml::table& table, std::string path, std::string_view source)
    : table_(table), path_(std::move(path)), source_(source) {}

std::string TableReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void TableReader::fail(std::string_view key, std::string message) const {
  const toml::node* n = table_.get(key);
  int line = n ? line_of(*n) : static_cast<int>(table_.source().begin.line);
  throw Invalid{ConfigError{source_, line, key_path(key), std::move(message)}};
}

const toml::node* TableReader::lookup(std::string_view key) {
  known_.emplace(key);
  return table_.get(key);
}

const toml::node* TableReader::node(std::string_view key) { return lookup(key); }

std::optional<std::string> TableReader::string(std::string_view key) {
  const toml::node* n = lookup(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) fail(key, "expected a string");
  return std::string(n->as_string()->get());
}

std::optional<long long> TableReader::integer(std::string_view key, long long min, long long max) {
  const toml::node* n = lookup(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) fail(key, "expected a whole number");
  long long v = n->as_integer()->get();
  if (v < min || v > max) {
    std::ostringstream msg;
    msg << v << " is outside " << min << "-" << max;
    fail(key, msg.str());
  }
  return v;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* n = lookup(key);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) fail(key, "expected true or false");
  return n->as_boolean()->get();
}

std::optional<std::uint16_t> TableReader::port(std::string_view key) {
  auto v = integer(key, 1, 65535);
  if (!v) return std::nullopt;
  return static_cast<std::uint16_t>(*v);
}

std::vector<std::string> TableReader::strings(std::string_view key) {
  const toml::node* n = lookup(key);
  std::vector<std::string> out;
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr) fail(key, "expected an array of strings");
  for (const toml::node& item : *arr) {
    if (!item.is_string()) fail(key, "expected an array of strings");
    out.emplace_back(item.as_string()->get());
  }
  return out;
}

const toml::table* TableReader::table(std::string_view key) {
  const toml::node* n = lookup(key);
  if (!n) return nullptr;
  if (!n->is_table()) fail(key, "expected a table");
  return n->as_table();
}

void TableReader::reject_unknown_keys() const {
  for (const auto& [k, v] : table_) {
    if (!known_.contains(k.str())) {
      std::string known;
      for (const auto& name : known_) known += (known.empty() ? "" : ", ") + name;
      throw Invalid{ConfigError{source_, line_of(v), key_path(k.str()),
                                "unknown key (known here: " + known + ")"}};
    }
  }
}

}  // namespace ctib::config::detail
