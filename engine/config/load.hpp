#pragma once

#include <string>
#include <string_view>

#include "engine/config/config.hpp"
#include "libs/base/expected.hpp"

namespace ctib::config {

struct ConfigError {
  std::string source;  // file name
  int line = 0;        // 0 when not tied to a line
  std::string key;     // "profiles.internal.sip-port"
  std::string message;
  // "engine.toml:12: profiles.internal.sip-port: 70000 is not a port (1-65535)"
  [[nodiscard]] std::string to_string() const;
};

// Parses and validates a whole configuration. `source` names it in errors.
base::Expected<EngineConfig, ConfigError> load_string(std::string_view toml_text, std::string_view source);
base::Expected<EngineConfig, ConfigError> load_file(const std::string& path);

}  // namespace ctib::config
