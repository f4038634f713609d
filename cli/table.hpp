#pragma once
// Text for people, fs_cli style: aligned columns under a header row, a rule
// of '=' above and below the rows, and a count line ("2 total.").
//
// The renderers read the answer's fields tolerantly: a field that is missing
// or null prints "-", so a CLI from one release still shows tables from an
// engine of the next (which may add or drop a field). Only the shape a table
// is built on (e.g. "calls" being a list) is required.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "libs/base/expected.hpp"

namespace ctib::cli {

// Objects keep the order the API sent their keys in: uuid_dump and
// `sofia status gateway NAME` print fields in that order.
using Json = nlohmann::ordered_json;

class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  void add_row(std::vector<std::string> cells);  // missing cells print empty
  [[nodiscard]] std::size_t rows() const { return rows_.size(); }
  [[nodiscard]] std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// "N total." (fs_cli's last line of `show calls`).
std::string count_line(std::size_t n);

// Name/value lines with the names padded to one width (uuid_dump, status).
std::string key_values(const std::vector<std::pair<std::string, std::string>>& pairs);

// A value as one cell: strings as they are, numbers, booleans as
// "true"/"false", null or missing as "-", lists joined by ", ". Control
// characters become '?': the text comes from the network and must not
// steer the terminal.
std::string cell_text(const Json& value);
std::string cell(const Json& object, std::string_view key);
// object[outer][inner]; "-" when either is missing.
std::string cell(const Json& object, std::string_view outer, std::string_view inner);

// The body as a JSON object, or an error saying it is not one.
base::Expected<Json, std::string> parse_object(std::string_view body);
// object[key] when it is a list, or an error naming the key.
base::Expected<Json, std::string> list_field(const Json& object, std::string_view key);

}  // namespace ctib::cli
