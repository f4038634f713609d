#include "numbers/app/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "libs/base/host_port.hpp"
#include "libs/base/text.hpp"
#include "numbers/app/push_config.hpp"

namespace ctib::numbers::app {

namespace {

using Result = base::Expected<Config, std::string>;

std::string where(const toml::source_region& r) {
  return " (line " + std::to_string(r.begin.line) + ")";
}

// Reads an integer key in [min, max] into `out`; "" on success, else the error.
template <class T>
std::string integer(const toml::table& t, std::string_view section, std::string_view key, std::int64_t min,
                    std::int64_t max, T& out) {
  const toml::node* node = t.at_path(std::string(section) + "." + std::string(key)).node();
  if (!node) return "";
  const auto value = node->value<std::int64_t>();
  if (!node->is_integer() || !value || *value < min || *value > max) {
    return std::string(section) + "." + std::string(key) + " must be an integer from " + std::to_string(min) +
           " to " + std::to_string(max) + where(node->source());
  }
  out = static_cast<T>(*value);
  return "";
}

std::string text(const toml::table& t, std::string_view section, std::string_view key, std::string& out) {
  const toml::node* node = t.at_path(std::string(section) + "." + std::string(key)).node();
  if (!node) return "";
  if (!node->is_string()) return std::string(section) + "." + std::string(key) + " must be a string" + where(node->source());
  out = *node->value<std::string>();
  return "";
}

std::string seconds(const toml::table& t, std::string_view section, std::string_view key, std::int64_t max,
                    std::chrono::seconds& out) {
  std::int64_t value = out.count();
  std::string error = integer(t, section, key, 0, max, value);
  out = std::chrono::seconds(value);
  return error;
}

std::string read_server(const toml::table& t, Config& c) {
  for (const std::string& e : {text(t, "server", "listen", c.listen_address),
                               integer(t, "server", "port", 0, 65535, c.port),
                               integer(t, "server", "worker_threads", 1, 256, c.worker_threads),
                               integer(t, "server", "body_limit", 1024, 16 << 20, c.body_limit),
                               seconds(t, "server", "idle_timeout", 3600, c.idle_timeout)}) {
    if (!e.empty()) return e;
  }
  return "";
}

std::string read_database(const toml::table& t, Config& c) {
  std::string backend = c.backend == Backend::sqlite ? "sqlite" : "postgres";
  for (const std::string& e : {text(t, "database", "backend", backend),
                               text(t, "database", "sqlite_path", c.sqlite_path),
                               text(t, "database", "postgres_conninfo", c.postgres_conninfo),
                               integer(t, "database", "pool_size", 1, 64, c.pool_size)}) {
    if (!e.empty()) return e;
  }
  if (backend != "sqlite" && backend != "postgres") return "database.backend must be \"sqlite\" or \"postgres\"";
  c.backend = backend == "sqlite" ? Backend::sqlite : Backend::postgres;
  return "";
}

// [auth] routing_keys = [{id = "...", secret = "..."}], replay_window,
// require_signature (default: true exactly when there is no URL secret).
std::string read_routing_keys(const toml::table& t, Config& c) {
  if (const toml::node* keys = t.at_path("auth.routing_keys").node()) {
    const toml::array* list = keys->as_array();
    if (!list) return "auth.routing_keys must be an array of {id, secret} tables" + where(keys->source());
    for (const toml::node& entry : *list) {
      const toml::table* key = entry.as_table();
      const auto id = key ? key->at_path("id").value<std::string>() : std::nullopt;
      const auto secret = key ? key->at_path("secret").value<std::string>() : std::nullopt;
      if (!key || !id || !secret || key->size() != 2) {
        return "auth.routing_keys entries must be {id = \"...\", secret = \"...\"}" + where(entry.source());
      }
      if (!signing::valid_key_id(*id)) {
        return "auth.routing_keys: id must be 1-64 characters of A-Z a-z 0-9 . _ -" + where(entry.source());
      }
      if (secret->size() < signing::kMinSecretLength) {
        return "auth.routing_keys: the secret of " + *id + " must be at least " +
               std::to_string(signing::kMinSecretLength) + " characters" + where(entry.source());
      }
      for (const auto& other : c.routing_keys) {
        if (other.id == *id) return "auth.routing_keys: id " + *id + " is given twice" + where(entry.source());
      }
      c.routing_keys.push_back(signing::SigningKey{*id, *secret});
    }
    if (c.routing_keys.size() > 4) return "auth.routing_keys: at most 4 keys" + where(keys->source());
  }
  if (std::string e = seconds(t, "auth", "replay_window", 3600, c.replay_window); !e.empty()) return e;
  if (c.replay_window.count() < 1) return "auth.replay_window must be at least 1";
  c.require_signature = c.routing_secret.empty();
  if (const toml::node* node = t.at_path("auth.require_signature").node()) {
    if (!node->is_boolean()) return "auth.require_signature must be true or false" + where(node->source());
    c.require_signature = *node->value<bool>();
  }
  return "";
}

// A non-negative number (integer or float) of a key table; "" on success.
std::string rate(const toml::table& key, std::string_view name, const std::string& id, double& out) {
  const toml::node* node = key.get(name);
  if (!node) return "";
  const auto value = node->value<double>();
  if (!(node->is_integer() || node->is_floating_point()) || !value || *value < 0 || *value > 1e6) {
    return "auth.keys: " + std::string(name) + " of " + id + " must be a number from 0 to 1000000" +
           where(node->source());
  }
  out = *value;
  return "";
}

// [[auth.keys]] id, secret, tenant, all_tenants, rate_limit, burst.
std::string read_key_tables(const toml::table& t, Config& c) {
  const toml::node* keys = t.at_path("auth.keys").node();
  if (!keys) return "";
  const toml::array* list = keys->as_array();
  if (!list) return "auth.keys must be an array of tables ([[auth.keys]])" + where(keys->source());
  for (const toml::node& entry : *list) {
    const toml::table* key = entry.as_table();
    if (!key) return "auth.keys entries must be tables" + where(entry.source());
    for (const auto& [name, value] : *key) {
      static constexpr std::array kKnown{"id", "secret", "tenant", "all_tenants", "rate_limit", "burst"};
      if (std::find(kKnown.begin(), kKnown.end(), name.str()) == kKnown.end()) {
        return "auth.keys: unknown key " + std::string(name.str()) + where(value.source());
      }
    }
    ApiKeyConfig k;
    const auto id = key->at_path("id").value<std::string>();
    const auto secret = key->at_path("secret").value<std::string>();
    if (!id || !signing::valid_key_id(*id)) {
      return "auth.keys: id must be 1-64 characters of A-Z a-z 0-9 . _ -" + where(entry.source());
    }
    if (!secret || secret->empty())
      return "auth.keys: " + *id + " needs a non-empty secret" + where(entry.source());
    k.id = *id;
    k.secret = *secret;
    if (const toml::node* tenant = key->get("tenant")) {
      const auto name = tenant->value<std::string>();
      if (!tenant->is_string() || !model::valid_tenant(*name)) {
        return "auth.keys: tenant of " + k.id + " must be 1-64 characters of A-Z a-z 0-9 . _ -" +
               where(tenant->source());
      }
      k.tenant = *name;
    }
    if (const toml::node* all = key->get("all_tenants")) {
      if (!all->is_boolean())
        return "auth.keys: all_tenants of " + k.id + " must be true or false" + where(all->source());
      k.all_tenants = *all->value<bool>();
    }
    if (std::string e = rate(*key, "rate_limit", k.id, k.rate_limit); !e.empty()) return e;
    if (std::string e = rate(*key, "burst", k.id, k.burst); !e.empty()) return e;
    for (const ApiKeyConfig& other : c.api_keys) {
      if (other.id == k.id) return "auth.keys: id " + k.id + " is given twice" + where(entry.source());
    }
    c.api_keys.push_back(std::move(k));
  }
  return "";
}

std::string read_auth(const toml::table& t, Config& c) {
  c.api_keys.clear();
  if (const toml::node* keys = t.at_path("auth.api_keys").node()) {
    const toml::array* list = keys->as_array();
    if (!list) return "auth.api_keys must be an array of strings" + where(keys->source());
    for (const toml::node& key : *list) {
      if (!key.is_string() || key.value<std::string>()->empty()) {
        return "auth.api_keys must contain only non-empty strings" + where(key.source());
      }
      ApiKeyConfig k;
      k.id = "api_keys[" + std::to_string(c.api_keys.size()) + "]";
      k.secret = *key.value<std::string>();
      c.api_keys.push_back(std::move(k));
    }
  }
  if (std::string e = read_key_tables(t, c); !e.empty()) return e;
  if (std::string e = text(t, "auth", "routing_secret", c.routing_secret); !e.empty()) return e;
  return read_routing_keys(t, c);
}

// [numbers.gateway_formats] gateway = "format": the carriers that want
// numbers otherwise than dial_format says.
std::string read_gateway_formats(const toml::table& t, Config& c) {
  const toml::node* node = t.at_path("numbers.gateway_formats").node();
  if (!node) return "";
  const toml::table* formats = node->as_table();
  if (!formats) return "numbers.gateway_formats must be a table of gateway = \"format\"" + where(node->source());
  for (const auto& [gateway, value] : *formats) {
    const auto name = value.value<std::string>();
    const auto format = name && value.is_string() ? model::parse_dial_format(*name) : std::nullopt;
    if (!format) {
      return "numbers.gateway_formats." + std::string(gateway.str()) +
             " must be \"e164\", \"digits\", \"national\" or \"as-imported\"" + where(value.source());
    }
    c.dial_formats.by_gateway.emplace(std::string(gateway.str()), *format);
  }
  return "";
}

std::string read_rules(const toml::table& t, Config& c) {
  std::string format;
  for (const std::string& e : {integer(t, "pool", "pair_limit", 1, 100000, c.pair_limit),
                               seconds(t, "pool", "cooldown", 30 * 86400, c.cooldown),
                               text(t, "numbers", "country_code", c.plan.country_code),
                               integer(t, "numbers", "national_max_length", 4, 14, c.plan.national_max_length),
                               text(t, "numbers", "dial_format", format),
                               seconds(t, "bindings", "sweep_interval", 86400, c.sweep_interval)}) {
    if (!e.empty()) return e;
  }
  // Unset: the form Chinese carriers take (national, trunk prefix kept);
  // elsewhere E.164, which every carrier routes.
  if (format.empty()) format = c.plan.country_code == "86" ? "national" : "e164";
  const auto fallback = model::parse_dial_format(format);
  if (!fallback) return "numbers.dial_format must be \"e164\", \"digits\", \"national\" or \"as-imported\"";
  c.dial_formats.fallback = *fallback;
  if (std::string e = read_gateway_formats(t, c); !e.empty()) return e;
  if (c.plan.country_code.empty() || !base::parse_int(c.plan.country_code) || c.plan.country_code[0] == '0') {
    return "numbers.country_code must be digits, e.g. \"86\"";
  }
  if (c.sweep_interval.count() == 0) return "bindings.sweep_interval must be at least 1";
  return "";
}

// [axe]: AXE prompts and digit collection (decision 0026).
std::string read_axe(const toml::table& t, Config& c) {
  model::AxeSettings& a = c.axe;
  for (const std::string& e :
       {integer(t, "axe", "extension_length", 1, 8, a.extension_length), text(t, "axe", "prompt", a.prompt),
        text(t, "axe", "retry_prompt", a.retry_prompt), text(t, "axe", "invalid_prompt", a.invalid_prompt),
        integer(t, "axe", "retries", 0, model::kMaxDigitRounds - 1, a.retries),
        integer(t, "axe", "tries", 1, 10, a.tries), integer(t, "axe", "timeout", 100, 60000, a.timeout_ms),
        integer(t, "axe", "digit_timeout", 100, 60000, a.digit_timeout_ms),
        text(t, "axe", "terminators", a.terminators)}) {
    if (!e.empty()) return e;
  }
  // What the engine plays: an absolute path on the rtpengine host or a
  // tone_stream:// (the engine's contract); "" only for the optional ones.
  const auto playable = [](const std::string& file) {
    return file.starts_with("/") || file.starts_with("tone_stream://");
  };
  if (!playable(a.prompt)) return "axe.prompt must be an absolute path or a tone_stream://";
  if (!a.retry_prompt.empty() && !playable(a.retry_prompt)) {
    return "axe.retry_prompt must be an absolute path or a tone_stream://";
  }
  if (!a.invalid_prompt.empty() && !playable(a.invalid_prompt)) {
    return "axe.invalid_prompt must be an absolute path or a tone_stream://";
  }
  if (a.terminators.find_first_not_of("0123456789*#") != std::string::npos) {
    return "axe.terminators must hold DTMF keys (0-9, * and #)";
  }
  return "";
}

std::string read_logging(const toml::table& t, Config& c) {
  std::string format = "text";
  for (const std::string& e : {text(t, "logging", "level", c.logging.level), text(t, "logging", "file", c.logging.file),
                               text(t, "logging", "format", format)}) {
    if (!e.empty()) return e;
  }
  static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error"};
  if (std::find(std::begin(kLevels), std::end(kLevels), c.logging.level) == std::end(kLevels)) {
    return "logging.level must be \"trace\", \"debug\", \"info\", \"warn\" or \"error\"";
  }
  const auto parsed = logging::parse_format(format);
  if (!parsed) return "logging.format must be \"text\" or \"json\"";
  c.logging.format = *parsed;
  if (const toml::node* mask = t.at_path("logging.mask_numbers").node()) {
    if (!mask->is_boolean()) return "logging.mask_numbers must be true or false" + where(mask->source());
    c.logging.mask_numbers = *mask->value<bool>();
  }
  // Added to the default names, never replacing them (as in the engine).
  if (const toml::node* names = t.at_path("logging.redact_query_names").node()) {
    const toml::array* list = names->as_array();
    if (!list) return "logging.redact_query_names must be an array of strings" + where(names->source());
    for (const toml::node& name : *list) {
      const auto value = name.value<std::string>();
      if (!name.is_string() || value->empty() || value->find_first_of("=&?# ") != std::string::npos) {
        return "logging.redact_query_names must hold query parameter names" + where(name.source());
      }
      c.logging.redact_query_names.push_back(*value);
    }
  }
  return "";
}

std::string read_admin(const toml::table& t, Config& c) {
  const toml::node* section = t.get("admin");
  if (!section) return "";
  if (!section->is_table()) return "admin must be a table" + where(section->source());
  std::string address = "127.0.0.1:8022";
  for (const std::string& e : {text(t, "admin", "address", address), text(t, "admin", "token", c.admin_token)}) {
    if (!e.empty()) return e;
  }
  if (address.empty()) return "";  // the documented way to turn the listener off
  const auto parsed = base::parse_host_port(address);
  if (!parsed || parsed->host.empty()) return "admin.address must be HOST:PORT, not \"" + address + "\"";
  c.admin_address = parsed->host;
  c.admin_port = parsed->port;
  if (c.admin_token.empty()) return "admin.token must be set when [admin] has an address";
  c.admin = true;
  return "";
}

}  // namespace

Result parse_config(std::string_view toml_text) {
  // Debian's toml++ is built with exceptions: a syntax error throws.
  toml::table t;
  try {
    t = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return base::unexpected(std::string(e.description()) + where(e.source()));
  }
  Config c;
  for (const std::string& e : {read_server(t, c), read_database(t, c), read_auth(t, c), read_rules(t, c),
                               read_axe(t, c),
                               read_logging(t, c), read_admin(t, c), read_push(t, c),
                               text(t, "records", "recordings_dir", c.recordings_dir)}) {
    if (!e.empty()) return base::unexpected(e);
  }
  return c;
}

Result load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return base::unexpected("cannot read config file " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto config = parse_config(text.str());
  if (!config) return base::unexpected(path + ": " + config.error());
  return config;
}

Result with_listen(Config config, const std::string& listen) {
  const auto parsed = base::parse_host_port(listen);
  if (!parsed) return base::unexpected("--listen must be HOST:PORT, not " + listen);
  config.listen_address = parsed->host.empty() ? "0.0.0.0" : parsed->host;
  config.port = parsed->port;
  return config;
}

Config with_database(Config config, const std::string& db) {
  if (db.starts_with("postgres:") && !db.starts_with("postgres://")) {
    config.backend = Backend::postgres;
    config.postgres_conninfo = db.substr(9);
  } else if (db.starts_with("postgresql://") || db.starts_with("postgres://")) {
    config.backend = Backend::postgres;
    config.postgres_conninfo = db;
  } else {
    config.backend = Backend::sqlite;
    config.sqlite_path = db.starts_with("sqlite:") ? db.substr(7) : db;
  }
  return config;
}

Result check(Config config) {
  if (config.api_keys.empty()) {
    return base::unexpected(std::string("auth.api_keys or [[auth.keys]] must give at least one key"));
  }
  if (config.routing_secret.empty() && config.routing_keys.empty()) {
    return base::unexpected(std::string("auth.routing_secret or auth.routing_keys must be set"));
  }
  if (config.require_signature && config.routing_keys.empty()) {
    return base::unexpected(std::string("auth.require_signature needs auth.routing_keys"));
  }
  if (config.backend == Backend::postgres && config.postgres_conninfo.empty()) {
    return base::unexpected(std::string("database.postgres_conninfo must be set for the postgres backend"));
  }
  if (config.backend == Backend::sqlite && config.sqlite_path.empty()) {
    return base::unexpected(std::string("database.sqlite_path must be set for the sqlite backend"));
  }
  return config;
}

}  // namespace ctib::numbers::app
