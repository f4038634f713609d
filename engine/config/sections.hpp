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
void read_route_keys(const toml::table& keys, std::string_view source, EngineConfig& cfg);
// Every key id a route names must be a [route-keys.ID] (route_keys.cpp).
void check_route_keys(const EngineConfig& cfg, std::string_view source);

// The edge limits (edge.cpp): tcp-* keys of a profile, pike-* keys of [engine].
TcpLimits read_tcp_limits(detail::TableReader& profile);
void read_pike(detail::TableReader& engine, EngineLimits& limits);
void read_auth_guard(detail::TableReader& engine, EngineLimits& limits);  // auth-* keys of [engine]

void read_admin(const toml::table& admin, std::string_view source, EngineConfig& cfg);
void read_media(const toml::table& media, std::string_view source, EngineConfig& cfg);  // media.cpp

// A route given as a cti_bridge string or as a [*.route] table (profiles, users).
routing::RouteConfig read_route_table(detail::TableReader& parent, const toml::table& t);
routing::RouteConfig parse_cti_bridge(detail::TableReader& r, std::string_view key, const std::string& data);
// `key_name` (cti_bridge_key, route-fallback-key) given for `route`: sets its
// key id; refused when there is no route to sign.
void read_route_key_id(detail::TableReader& r, std::string_view key_name, std::optional<routing::RouteConfig>& route);

}  // namespace ctib::config
