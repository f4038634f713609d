#pragma once
// The [profiles.*] and [gateways.*] sections. Internal to engine/config.

#include <toml++/toml.h>

#include <string_view>

#include "engine/config/config.hpp"

namespace ctib::config {

void read_profiles(const toml::table& profiles, std::string_view source, EngineConfig& cfg);
void read_gateways(const toml::table& gateways, std::string_view source, EngineConfig& cfg);

}  // namespace ctib::config
