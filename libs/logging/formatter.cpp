#include "libs/logging/formatter.hpp"

#include <spdlog/pattern_formatter.h>

#include <chrono>
#include <ctime>

#include "libs/logging/sanitize.hpp"

namespace ctib::logging {

namespace {

bool is_uuid_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// A JSON string body. `text` is already escaped (no control byte, valid
// UTF-8), so only the quote and the backslash need escaping.
void json_string(spdlog::memory_buf_t& dest, std::string_view text) {
  dest.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') dest.push_back('\\');
    dest.push_back(c);
  }
  dest.push_back('"');
}

void append(spdlog::memory_buf_t& dest, std::string_view text) { dest.append(text.data(), text.data() + text.size()); }

void rfc3339_utc(spdlog::memory_buf_t& dest, spdlog::log_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  const std::time_t t = seconds.count();
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[40];
  const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  append(dest, std::string_view(text, static_cast<std::size_t>(n)));
}

}  // namespace

std::string Scrub::operator()(std::string_view text) const {
  // Escaping last: it would hide a secret or a number from the others (an
  // ESC before a number becomes "\x1b", whose 'b' makes the digits a word).
  std::string out = redact_url(text, redact_query_names);
  const bool show_numbers = owner != nullptr && owner->should_log(spdlog::level::debug);
  if (mask_numbers && !show_numbers) out = mask_numbers_in(out);
  return escape(out);
}

CallLine split_call_line(std::string_view payload) {
  if (!payload.starts_with('[')) return {{}, payload};
  const std::size_t close = payload.find(']');
  if (close == std::string_view::npos || close < 2 || close > 65 || close + 1 >= payload.size() ||
      payload[close + 1] != ' ') {
    return {{}, payload};
  }
  const std::string_view uuid = payload.substr(1, close - 1);
  for (char c : uuid) {
    if (!is_uuid_char(c)) return {{}, payload};
  }
  return {uuid, payload.substr(close + 2)};
}

TextFormatter::TextFormatter(std::string pattern, Scrub scrub)
    : pattern_(std::move(pattern)),
      scrub_(std::move(scrub)),
      pattern_formatter_(std::make_unique<spdlog::pattern_formatter>(pattern_)) {}

void TextFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const std::string text = scrub_(std::string_view(msg.payload.data(), msg.payload.size()));
  spdlog::details::log_msg scrubbed = msg;
  scrubbed.payload = spdlog::string_view_t(text.data(), text.size());
  pattern_formatter_->format(scrubbed, dest);
}

std::unique_ptr<spdlog::formatter> TextFormatter::clone() const {
  return std::make_unique<TextFormatter>(pattern_, scrub_);
}

JsonFormatter::JsonFormatter(std::string program, Scrub scrub) : program_(std::move(program)), scrub_(std::move(scrub)) {}

void JsonFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const CallLine line = split_call_line(std::string_view(msg.payload.data(), msg.payload.size()));
  append(dest, R"({"ts":")");
  rfc3339_utc(dest, msg.time);
  append(dest, R"(","level":)");
  const auto& level = spdlog::level::to_string_view(msg.level);
  json_string(dest, std::string_view(level.data(), level.size()));
  append(dest, R"(,"program":)");
  json_string(dest, escape(program_));
  if (!line.uuid.empty()) {
    append(dest, R"(,"uuid":)");
    json_string(dest, line.uuid);
  }
  append(dest, R"(,"msg":)");
  json_string(dest, scrub_(line.rest));
  append(dest, "}\n");
}

std::unique_ptr<spdlog::formatter> JsonFormatter::clone() const {
  return std::make_unique<JsonFormatter>(program_, scrub_);
}

}  // namespace ctib::logging
