#include "libs/logging/settings.hpp"

namespace ctib::logging {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  return std::nullopt;
}

std::vector<std::string> default_redact_query_names() {
  return {"secret", "token", "key", "password", "passwd", "sign", "signature", "api_key", "apikey", "access_token"};
}

}  // namespace ctib::logging
