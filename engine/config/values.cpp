#include "engine/config/values.hpp"

#include "libs/base/text.hpp"

namespace ctib::config {

bool valid_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

variables::Variables read_variables(detail::TableReader& parent, std::string_view key, const toml::table& t) {
  variables::Variables vars;
  for (const auto& [name, value] : t) {
    std::string text;
    if (value.is_string()) {
      text = value.as_string()->get();
    } else if (value.is_integer()) {
      text = std::to_string(value.as_integer()->get());
    } else if (value.is_boolean()) {
      text = value.as_boolean()->get() ? "true" : "false";
    } else {
      throw detail::Invalid{ConfigError{std::string(parent.source()), static_cast<int>(value.source().begin.line),
                                        parent.key_path(key) + "." + std::string(name.str()),
                                        "a variable must be a string, number or boolean"}};
    }
    vars.set(name.str(), text);
  }
  return vars;
}

std::optional<HostPort> parse_host_port(std::string_view text, std::uint16_t default_port) {
  HostPort out{"", default_port};
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close == 1) return std::nullopt;
    out.host = std::string(text.substr(0, close + 1));
    rest = text.substr(close + 1);
  } else {
    auto colon = text.find(':');
    out.host = std::string(text.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
  }
  if (out.host.empty()) return std::nullopt;
  for (char c : out.host) {
    if (c == ' ' || c == '\t' || c == ';' || c == '@' || c == '/' || static_cast<unsigned char>(c) < 0x20) {
      return std::nullopt;
    }
  }
  if (!rest.empty()) {
    if (rest.front() != ':') return std::nullopt;
    auto port = base::parse_int(rest.substr(1));
    if (!port || *port < 1 || *port > 65535) return std::nullopt;
    out.port = static_cast<std::uint16_t>(*port);
  }
  return out;
}

}  // namespace ctib::config
