#pragma once
// The [profiles.*], [gateways.*], [acls.*] and [users.*] sections. Internal to engine/config.

#include <toml++/toml.h>

#include <string_view>

#include "engine/config/config.hpp"
#include "engine/config/reader.hpp"

namespace ctib::config {

void read_profiles(const toml::table& profiles, std::string_view source, EngineConfig& cfg);
void read_gateways(const toml::table& gateways, std::string_view source, EngineConfig& cfg);
void read_acls(const toml::table& acls, std::string_view source, EngineConfig& cfg);
void read_users(const toml::table& users, std::string_view source, EngineConfig& cfg);
void read_admin(const toml::table& admin, std::string_view source, EngineConfig& cfg);

// A route given as a cti_bridge string or as a [*.route] table (profiles, users).
routing::RouteConfig read_route_table(detail::TableReader& parent, const toml::table& t);
routing::RouteConfig parse_cti_bridge(detail::TableReader& r, std::string_view key, const std::string& data);

}  // namespace ctib::config
