// [route-keys.ID] and the routes that name them (docs/protocol.md §6).
#include "engine/config/reader.hpp"
#include "engine/config/sections.hpp"

namespace ctib::config {

void read_route_keys(const toml::table& keys, std::string_view source, EngineConfig& cfg) {
  for (const auto& [id_node, node] : keys) {
    const std::string id(id_node.str());
    detail::TableReader parent(keys, "route-keys", source);
    if (!signing::valid_key_id(id)) {
      parent.fail(id, "a key id is 1-64 characters of A-Z a-z 0-9 . _ -");
    }
    const toml::table* t = node.as_table();
    if (!t) parent.fail(id, "expected a table with secret = \"...\"");
    detail::TableReader r(*t, "route-keys." + id, source);
    std::string secret = r.string("secret").value_or("");
    if (secret.size() < signing::kMinSecretLength) {
      r.fail("secret", "must be at least " + std::to_string(signing::kMinSecretLength) + " characters");
    }
    r.reject_unknown_keys();
    cfg.route_keys.push_back(signing::SigningKey{id, std::move(secret)});
  }
}

void read_route_key_id(detail::TableReader& r, std::string_view key_name,
                       std::optional<routing::RouteConfig>& route) {
  auto id = r.string(key_name);
  if (!id) return;
  if (!route) r.fail(key_name, "names a key but there is no route to sign");
  route->key_id = *id;
}

void check_route_keys(const EngineConfig& cfg, std::string_view source) {
  auto check = [&](const std::optional<routing::RouteConfig>& route, const std::string& key) {
    if (!route || route->key_id.empty() || cfg.route_key(route->key_id)) return;
    throw detail::Invalid{
        ConfigError{std::string(source), 0, key, "no [route-keys." + route->key_id + "] with that id"}};
  };
  for (const auto& p : cfg.profiles) {
    check(p.route, "profiles." + p.name + ".cti_bridge_key");
    check(p.route_failure.fallback_route, "profiles." + p.name + ".route-fallback-key");
  }
  for (const auto& u : cfg.users) check(u.route, "users." + u.id + ".cti_bridge_key");
}

}  // namespace ctib::config
