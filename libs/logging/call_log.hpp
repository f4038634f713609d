#pragma once
// Every log line about a call goes through call_log(): it starts the line
// with "[uuid] ", which the text format shows as it is and the JSON format
// moves into the line's "uuid" field (formatter.hpp, split_call_line).
// spdlog 1.10 has no per-line context, so the prefix is the carrier.

#include <spdlog/logger.h>

#include <string_view>
#include <utility>

namespace ctib::logging {

template <class... Args>
void call_log(spdlog::logger& log, spdlog::level::level_enum level, std::string_view uuid,
              fmt::format_string<Args...> format, Args&&... args) {
  if (!log.should_log(level)) return;
  log.log(level, "[{}] {}", uuid, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace ctib::logging
