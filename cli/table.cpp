#include "cli/table.hpp"

#include <algorithm>

namespace ctib::cli {
namespace {

// Columns are aligned by code points, not bytes, so that a UTF-8 name (a
// caller display name, a gateway named in Chinese) does not push the next
// column; East Asian wide characters are still counted as one.
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string sanitized(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20U || u == 0x7FU) c = '?';
  }
  return out;
}

void pad(std::string& line, std::string_view text, std::size_t to) {
  line += text;
  line.append(to - std::min(to, width(text)), ' ');
}

}  // namespace

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::add_row(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string Table::render() const {
  std::vector<std::size_t> widths;
  for (const auto& h : headers_) widths.push_back(width(h));
  for (const auto& row : rows_)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));

  const auto line_of = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i + 1 == cells.size()) {
        line += cells[i];  // no trailing blanks after the last column
      } else {
        pad(line, cells[i], widths[i]);
        line += "  ";
      }
    }
    return line + '\n';
  };
  std::size_t total = 0;
  for (std::size_t w : widths) total += w;
  if (!widths.empty()) total += 2 * (widths.size() - 1);
  const std::string rule = std::string(total, '=') + '\n';

  std::string out = line_of(headers_) + rule;
  for (const auto& row : rows_) out += line_of(row);
  return out + rule;
}

std::string count_line(std::size_t n) { return std::to_string(n) + " total.\n"; }

std::string key_values(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::size_t w = 0;
  for (const auto& [name, value] : pairs) w = std::max(w, width(name));
  std::string out;
  for (const auto& [name, value] : pairs) {
    pad(out, name, w);
    out += "  ";
    out += value;
    out += '\n';
  }
  return out;
}

std::string cell_text(const Json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return sanitized(value.get_ref<const std::string&>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value) {
      if (!out.empty()) out += ", ";
      out += cell_text(item);
    }
    return out.empty() ? "-" : out;
  }
  return sanitized(value.dump());
}

std::string cell(const Json& object, std::string_view key) {
  if (!object.is_object()) return "-";
  const auto it = object.find(key);
  return it == object.end() ? "-" : cell_text(*it);
}

std::string cell(const Json& object, std::string_view outer, std::string_view inner) {
  if (!object.is_object()) return "-";
  const auto it = object.find(outer);
  return it == object.end() ? "-" : cell(*it, inner);
}

base::Expected<Json, std::string> parse_object(std::string_view body) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return base::unexpected(std::string("the answer is not a JSON object"));
  return j;
}

base::Expected<Json, std::string> list_field(const Json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array())
    return base::unexpected("the answer has no \"" + std::string(key) + "\" list");
  return *it;
}

}  // namespace ctib::cli
