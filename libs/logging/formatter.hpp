#pragma once
// The spdlog formatters of both programs. Every line, whatever its call site
// wrote, is scrubbed before it is formatted: secret query values redacted,
// phone numbers masked (while the logger is above debug), untrusted bytes
// escaped. Formatters run under their sink's mutex; they hold no state of
// their own besides the settings they were built with.

#include <spdlog/formatter.h>
#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ctib::logging {

// What a formatter does to a line's text. `owner` is the logger whose level
// decides masking (mask while its level is above debug); it owns the sink
// that owns the formatter, so it outlives it.
struct Scrub {
  std::vector<std::string> redact_query_names;
  bool mask_numbers = true;
  const spdlog::logger* owner = nullptr;

  std::string operator()(std::string_view text) const;
};

// A line about a call starts with "[uuid] " (call_log.hpp). Splits it off;
// uuid is empty when the line has no such prefix. A uuid is 1-64 letters,
// digits and '-'.
struct CallLine {
  std::string_view uuid;
  std::string_view rest;
};
CallLine split_call_line(std::string_view payload);

// The classic format: spdlog's pattern formatter over the scrubbed text.
class TextFormatter final : public spdlog::formatter {
 public:
  TextFormatter(std::string pattern, Scrub scrub);
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  std::string pattern_;
  Scrub scrub_;
  std::unique_ptr<spdlog::formatter> pattern_formatter_;
};

// {"ts":"2024-05-01T08:00:00.123Z","level":"info","program":"ctib-engine",
//  "uuid":"…","msg":"…"} — one object a line, ts in UTC with milliseconds,
// uuid only on call lines (moved out of the "[uuid] " prefix).
class JsonFormatter final : public spdlog::formatter {
 public:
  JsonFormatter(std::string program, Scrub scrub);
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  std::string program_;
  Scrub scrub_;
};

}  // namespace ctib::logging
