#include "libs/logging/logger.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "libs/logging/formatter.hpp"

namespace ctib::logging {

std::shared_ptr<spdlog::logger> make_logger(const Program& program, const Settings& settings) {
  spdlog::sink_ptr sink;
  if (settings.file.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(settings.file);
  }
  auto log = std::make_shared<spdlog::logger>(program.name, sink);
  // The formatter asks the logger's level at each line, so a level changed
  // later (a reload) changes masking with it.
  Scrub scrub{settings.redact_query_names, settings.mask_numbers, log.get()};
  if (settings.format == Format::json) {
    sink->set_formatter(std::make_unique<JsonFormatter>(program.name, std::move(scrub)));
  } else {
    sink->set_formatter(std::make_unique<TextFormatter>(program.text_pattern, std::move(scrub)));
  }
  log->set_level(spdlog::level::from_str(settings.level));
  log->flush_on(spdlog::level::trace);
  return log;
}

}  // namespace ctib::logging
