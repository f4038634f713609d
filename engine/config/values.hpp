#pragma once
// Value forms shared by the sections. Internal to engine/config.

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/config/config.hpp"
#include "engine/config/reader.hpp"
#include "engine/variables/variables.hpp"

namespace ctib::config {

// FreeSWITCH's gateway name rule ^[\w.\-_]+$, used for profiles too.
bool valid_name(std::string_view name) noexcept;

// A [*.variables] table: strings, integers and booleans become strings.
variables::Variables read_variables(detail::TableReader& parent, std::string_view key, const toml::table& t);

struct HostPort {
  std::string host;
  std::uint16_t port;
};

// "host", "host:port", "[v6]" or "[v6]:port"; nullopt when malformed.
std::optional<HostPort> parse_host_port(std::string_view text, std::uint16_t default_port);

}  // namespace ctib::config
