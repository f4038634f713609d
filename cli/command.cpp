#include "cli/command.hpp"

#include <nlohmann/json.hpp>

#include "cli/table.hpp"

namespace ctib::cli {

std::string_view method_name(Method m) { return m == Method::post ? "POST" : "GET"; }

base::Expected<std::string, std::string> json_output(std::span<const std::string> bodies) {
  if (bodies.size() == 1) return bodies.front();
  Json merged = Json::object();
  for (const std::string& body : bodies) {
    Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return base::unexpected(std::string("the answer is not a JSON object"));
    merged.update(j);
  }
  return merged.dump();
}

std::string path_segment(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4U];
      out += hex[u & 0xFU];
    }
  }
  return out;
}

}  // namespace ctib::cli
