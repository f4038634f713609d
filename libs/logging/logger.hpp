#pragma once
// Builds a program's logger from its [logging] settings: stderr or a file,
// text or JSON, every line scrubbed (formatter.hpp). The caller owns the
// logger and passes it down by reference (no spdlog registry, no default
// logger); it is thread-safe (the _mt sinks lock per line).

#include <spdlog/logger.h>

#include <memory>
#include <string>

#include "libs/logging/settings.hpp"

namespace ctib::logging {

struct Program {
  std::string name;          // the logger's name and the JSON "program" field
  std::string text_pattern;  // spdlog pattern of the text format (today's lines)
};

// Throws spdlog::spdlog_ex when the file cannot be opened.
std::shared_ptr<spdlog::logger> make_logger(const Program& program, const Settings& settings);

}  // namespace ctib::logging
