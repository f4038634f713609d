// The [users."ID"] section: the user directory (FreeSWITCH directory users).
// The key is the user id, or "id@domain" for a user outside the default
// domain; the id itself has no '@'.

#include "engine/config/reader.hpp"
#include "engine/config/sections.hpp"
#include "engine/config/values.hpp"

namespace ctib::config {

namespace {

bool valid_user_part(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    // RFC 3261 unreserved user characters plus a few common punctuation marks.
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '-' || c == '_' || c == '+' || c == '*' || c == '#';
    if (!ok) return false;
  }
  return true;
}

bool is_hex32(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

UserConfig read_user(const std::string& key, const toml::table& t, std::string_view source,
                     const std::string& default_domain) {
  detail::TableReader r(t, "users." + key, source);
  UserConfig u;
  auto at = key.find('@');
  u.id = key.substr(0, at);
  u.domain = at == std::string::npos ? "" : key.substr(at + 1);
  if (auto domain = r.string("domain")) {
    if (!u.domain.empty()) r.fail("domain", "the key already names the domain");
    u.domain = *domain;
  }
  if (u.domain.empty()) u.domain = default_domain;
  u.password = r.string("password").value_or("");
  u.a1_hash = r.string("a1-hash").value_or("");
  if (u.password.empty() == u.a1_hash.empty()) {
    r.fail("password", "give either password or a1-hash (MD5 of id:domain:password)");
  }
  if (!u.a1_hash.empty() && !is_hex32(u.a1_hash)) r.fail("a1-hash", "expected 32 lower-case hex digits");
  if (auto data = r.string("cti_bridge")) u.route = parse_cti_bridge(r, "cti_bridge", *data);
  if (const toml::table* route = r.table("route")) {
    if (u.route) r.fail("route", "give either cti_bridge or [route], not both");
    u.route = read_route_table(r, *route);
  }
  read_route_key_id(r, "cti_bridge_key", u.route);
  if (const toml::table* vars = r.table("variables")) u.variables = read_variables(r, "variables", *vars);
  r.reject_unknown_keys();
  return u;
}

}  // namespace

void read_users(const toml::table& users, std::string_view source, EngineConfig& cfg) {
  for (const auto& [key, node] : users) {
    std::string name(key.str());
    int line = static_cast<int>(node.source().begin.line);
    auto at = name.find('@');
    bool ok = valid_user_part(name.substr(0, at)) &&
              (at == std::string::npos || parse_host_port(name.substr(at + 1), 5060).has_value());
    if (!ok) {
      throw detail::Invalid{ConfigError{std::string(source), line, "users." + name,
                                        "a user is ID or ID@DOMAIN (letters, digits, . - _ + * #)"}};
    }
    if (!node.is_table()) {
      throw detail::Invalid{ConfigError{std::string(source), line, "users." + name, "expected a table"}};
    }
    UserConfig u = read_user(name, *node.as_table(), source, cfg.domain);
    for (const UserConfig& other : cfg.users) {
      if (other.id == u.id && other.domain == u.domain) {
        throw detail::Invalid{ConfigError{std::string(source), line, "users." + name,
                                          "user " + u.id + "@" + u.domain + " is defined twice"}};
      }
    }
    cfg.users.push_back(std::move(u));
  }
}

}  // namespace ctib::config
