#pragma once
// The service's configuration: a TOML file (numbers.example.toml documents
// every key), overridden by command-line flags. Loaded once at start into an
// immutable value.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "libs/base/expected.hpp"
#include "libs/logging/settings.hpp"
#include "libs/signing/signature.hpp"
#include "numbers/model/axe.hpp"
#include "numbers/model/phone.hpp"
#include "numbers/model/types.hpp"
#include "numbers/push/options.hpp"

namespace ctib::numbers::app {

enum class Backend { sqlite, postgres };

// A management API key (decision 0016). `auth.api_keys = ["..."]` gives
// keys of the default tenant without limits (ids "api_keys[0]", …);
// `[[auth.keys]]` tables give each its id, tenant and limit.
struct ApiKeyConfig {
  std::string id;
  std::string secret;
  std::string tenant{model::kDefaultTenant};
  bool all_tenants = false;
  double rate_limit = 0;  // requests per second, 0 = unlimited
  double burst = 0;       // 0 = max(1, rate_limit)
};

struct Config {
  // [server]
  std::string listen_address = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t worker_threads = 4;
  std::size_t body_limit = 64 * 1024;
  std::chrono::seconds idle_timeout{30};
  // [database]
  Backend backend = Backend::sqlite;
  std::string sqlite_path = "numbers.db";
  std::string postgres_conninfo;
  std::size_t pool_size = 4;
  // [auth]
  std::vector<ApiKeyConfig> api_keys;
  std::string routing_secret;
  // Signed routing (docs/protocol.md §6): accepted keys (two during a
  // rotation), the replay window, and whether unsigned requests are refused
  // (default: only when no routing_secret is set).
  std::vector<signing::SigningKey> routing_keys;
  std::chrono::seconds replay_window{300};
  bool require_signature = false;
  // [pool]
  std::int64_t pair_limit = 200;
  std::chrono::seconds cooldown{600};
  // [numbers]
  model::NumberPlan plan;
  // dial_format is the fallback ([numbers.gateway_formats] names the
  // gateways that differ); default national for +86, else e164.
  model::DialFormats dial_formats;
  // [bindings]
  std::chrono::seconds sweep_interval{30};
  model::AxeSettings axe;  // [axe] (decision 0026)
  // [logging]
  ctib::logging::Settings logging;
  // [admin] (docs/admin-api.md): no section, or address = "", means no
  // admin listener; with one, the token is required.
  bool admin = false;
  std::string admin_address = "127.0.0.1";
  std::uint16_t admin_port = 8022;
  std::string admin_token;
  // [push] (docs/push.md): no section means nothing is pushed (bindings
  // may still carry a callback_url, kept for when it is turned on).
  bool push = false;
  push::PushOptions push_options;
  // [records] recordings_dir: the engine's [media] recordings-dir as this
  // host sees it (a shared mount); GET /v1/records/{uuid}/recording reads
  // the WAV files there. "" = recordings are not served.
  std::string recordings_dir;
};

// Parses TOML text; the error names the key and says what is wrong.
base::Expected<Config, std::string> parse_config(std::string_view toml_text);
base::Expected<Config, std::string> load_config(const std::string& path);

// --listen HOST:PORT
base::Expected<Config, std::string> with_listen(Config config, const std::string& listen);
// --db sqlite:PATH | postgres:CONNINFO | postgresql://URI | PATH
Config with_database(Config config, const std::string& db);

// What must hold before the service starts (keys set, sizes sane).
base::Expected<Config, std::string> check(Config config);

}  // namespace ctib::numbers::app
