#pragma once
// What a program's `[logging]` section says: where lines go, in which format,
// and what is hidden from them. Both programs parse their own TOML into this
// value (engine/config, numbers/app/config.cpp); make_logger() turns it into
// the program's spdlog logger.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctib::logging {

enum class Format {
  text,  // the program's classic line: "[date] [engine] [info] msg" / "ctib-numbers: msg"
  json,  // one JSON object a line: ts, level, program, msg, uuid (call lines)
};

// "text" | "json"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);

// Query parameters whose values are secrets: any URL in any line shows them
// as "***" (sanitize.hpp, redact_url).
std::vector<std::string> default_redact_query_names();

struct Settings {
  std::string level = "info";  // trace, debug, info, warn, error
  std::string file;            // "" = stderr
  Format format = Format::text;
  // Phone numbers (runs of 7+ digits) are masked in every line while the
  // logger's level is above debug; at debug and trace they are shown.
  bool mask_numbers = true;
  std::vector<std::string> redact_query_names = default_redact_query_names();
  friend bool operator==(const Settings&, const Settings&) = default;
};

}  // namespace ctib::logging
