#include "engine/config/load.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "engine/config/reader.hpp"
#include "engine/config/sections.hpp"

namespace ctib::config {

std::string ConfigError::to_string() const {
  std::ostringstream out;
  out << source;
  if (line > 0) out << ":" << line;
  out << ": ";
  if (!key.empty()) out << key << ": ";
  out << message;
  return out.str();
}

const ProfileConfig* EngineConfig::profile(std::string_view name) const noexcept {
  for (const auto& p : profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const GatewayConfig* EngineConfig::gateway(std::string_view name) const noexcept {
  for (const auto& g : gateways) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

const AclConfig* EngineConfig::acl(std::string_view name) const noexcept {
  for (const auto& a : acls) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const signing::SigningKey* EngineConfig::route_key(std::string_view id) const noexcept {
  for (const auto& k : route_keys) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

namespace {

void read_top_level(detail::TableReader& top, EngineConfig& cfg) {
  if (const toml::table* t = top.table("engine")) {
    detail::TableReader r(*t, "engine", top.source());
    cfg.limits.max_calls = static_cast<int>(r.integer("max-calls", 1, 1000000).value_or(cfg.limits.max_calls));
    cfg.limits.retry_after = static_cast<int>(r.integer("retry-after", 1, 3600).value_or(cfg.limits.retry_after));
    cfg.limits.shutdown_grace = std::chrono::seconds(r.integer("shutdown-grace", 0, 3600).value_or(30));
    cfg.limits.http_connections_per_host = static_cast<int>(
        r.integer("http-connections-per-host", 1, 65535).value_or(cfg.limits.http_connections_per_host));
    cfg.limits.min_idle_cpu = static_cast<int>(r.integer("min-idle-cpu", 0, 100).value_or(cfg.limits.min_idle_cpu));
    read_pike(r, cfg.limits);
    read_auth_guard(r, cfg.limits);
    cfg.user_agent = r.string("user-agent").value_or(cfg.user_agent);
    if (const auto client = r.string("http-client")) {
      if (*client == "auto") {
        cfg.http_client = EngineConfig::HttpClient::Auto;
      } else if (*client == "curl") {
        cfg.http_client = EngineConfig::HttpClient::Curl;
      } else {
        r.fail("http-client", "must be \"auto\" or \"curl\"");
      }
    }
    cfg.workers = static_cast<unsigned>(r.integer("workers", 1, 256).value_or(cfg.workers));
    cfg.spool_dir = r.string("spool-dir").value_or(cfg.spool_dir);
    cfg.call_journal = r.boolean("call-journal").value_or(cfg.call_journal);
    if (const auto sync = r.string("journal-sync")) {
      if (*sync == "strict") {
        cfg.journal_strict = true;
      } else if (*sync != "batch") {
        r.fail("journal-sync", "must be \"batch\" or \"strict\"");
      }
    }
    cfg.domain = r.string("domain").value_or(cfg.domain);
    if (cfg.domain.empty()) r.fail("domain", "must not be empty");
    cfg.registrations_db = r.string("registrations-db").value_or(cfg.registrations_db);
    cfg.user_resolver_gateway = r.string("user-resolver-gateway").value_or("");
    r.reject_unknown_keys();
  }
  if (const toml::table* t = top.table("logging")) {
    detail::TableReader r(*t, "logging", top.source());
    cfg.logging.level = r.string("level").value_or(cfg.logging.level);
    static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error"};
    bool ok = false;
    for (auto l : kLevels) ok = ok || l == cfg.logging.level;
    if (!ok) r.fail("level", "'" + cfg.logging.level + "' is not one of trace, debug, info, warn, error");
    cfg.logging.file = r.string("file").value_or("");
    const std::string format = r.string("format").value_or("text");
    const auto parsed = ctib::logging::parse_format(format);
    if (!parsed) r.fail("format", "'" + format + "' is not one of text, json");
    cfg.logging.format = *parsed;
    cfg.logging.mask_numbers = r.boolean("mask-numbers").value_or(cfg.logging.mask_numbers);
    // Added to the default names, never replacing them: a list written for
    // one interface must not bring the others' secrets back into the log.
    for (std::string& name : r.strings("redact-query-names")) {
      if (name.empty() || name.find_first_of("=&?# ") != std::string::npos) {
        r.fail("redact-query-names", "'" + name + "' is not a query parameter name");
      }
      cfg.logging.redact_query_names.push_back(std::move(name));
    }
    r.reject_unknown_keys();
  }
}

void check_references(const EngineConfig& cfg, std::string_view source) {
  if (!cfg.user_resolver_gateway.empty() && !cfg.gateway(cfg.user_resolver_gateway)) {
    throw detail::Invalid{ConfigError{std::string(source), 0, "engine.user-resolver-gateway",
                                      "no gateway named '" + cfg.user_resolver_gateway + "'"}};
  }
  for (const auto& gw : cfg.gateways) {
    if (!cfg.profile(gw.profile)) {
      throw detail::Invalid{ConfigError{std::string(source), 0, "gateways." + gw.name + ".profile",
                                        "no profile named '" + gw.profile + "'"}};
    }
  }
  for (const auto& p : cfg.profiles) {
    for (const auto& name : p.inbound_acls) {
      if (name != "gateways" && !cfg.acl(name)) {
        throw detail::Invalid{ConfigError{std::string(source), 0, "profiles." + p.name + ".apply-inbound-acl",
                                          "no acl named '" + name + "'"}};
      }
    }
  }
  std::set<std::pair<std::string, std::uint16_t>> bound;
  for (const auto& p : cfg.profiles) {
    if (!bound.emplace(p.sip_ip, p.sip_port).second) {
      throw detail::Invalid{ConfigError{std::string(source), 0, "profiles." + p.name + ".sip-port",
                                        "another profile already listens on " + p.sip_ip + ":" +
                                            std::to_string(p.sip_port)}};
    }
  }
}

}  // namespace

base::Expected<EngineConfig, ConfigError> load_string(std::string_view toml_text, std::string_view source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return base::unexpected(ConfigError{std::string(source), static_cast<int>(e.source().begin.line), "",
                                        std::string(e.description())});
  }
  try {
    EngineConfig cfg;
    detail::TableReader top(root, "", source);
    read_top_level(top, cfg);
    if (const toml::table* t = top.table("profiles")) read_profiles(*t, source, cfg);
    if (const toml::table* t = top.table("gateways")) read_gateways(*t, source, cfg);
    if (const toml::table* t = top.table("acls")) read_acls(*t, source, cfg);
    if (const toml::table* t = top.table("users")) read_users(*t, source, cfg);
    if (const toml::table* t = top.table("route-keys")) read_route_keys(*t, source, cfg);
    if (const toml::table* t = top.table("admin")) read_admin(*t, source, cfg);
    if (const toml::table* t = top.table("media")) read_media(*t, source, cfg);
    for (auto& p : cfg.profiles) {
      if (p.register_domain.empty()) p.register_domain = cfg.domain;
    }
    top.reject_unknown_keys();
    if (cfg.profiles.empty()) {
      return base::unexpected(ConfigError{std::string(source), 0, "profiles", "at least one profile is required"});
    }
    check_references(cfg, source);
    check_route_keys(cfg, source);
    return cfg;
  } catch (const detail::Invalid& invalid) {
    return base::unexpected(invalid.error);
  }
}

base::Expected<EngineConfig, ConfigError> load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return base::unexpected(ConfigError{path, 0, "", "cannot open the file"});
  std::stringstream text;
  text << in.rdbuf();
  return load_string(text.str(), path);
}

}  // namespace ctib::config
