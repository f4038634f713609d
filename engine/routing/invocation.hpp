#pragma once
// How a route reaches its cti_bridge interface (cti-bridge-protocol §1): the
// four-field FreeSWITCH data string, or the same settings as named config keys.
// Both paths end in one validated, immutable RouteConfig.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "libs/base/expected.hpp"

namespace ctib::routing {

enum class HttpMethod { Get, Post };

// "GET" / "POST".
std::string_view name(HttpMethod m) noexcept;

struct RouteConfig {
  std::string url;  // http:// or https://, no fragment
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds response_timeout{3000};
  bool notify = true;  // notify_type 1: send ring/progress/answer/hangup
  HttpMethod method = HttpMethod::Get;
  // The id of the engine's [route-keys.ID] entry its requests are signed
  // with (docs/protocol.md §6); "" = unsigned, as FreeSWITCH sends them.
  // Only the id travels with the route: the secret stays in the config.
  std::string key_id;
  friend bool operator==(const RouteConfig&, const RouteConfig&) = default;
};

// Timeouts above this are refused: the caller hears silence while the engine
// waits, and a minute is already far beyond what any caller tolerates.
inline constexpr std::chrono::milliseconds kMaxTimeout{60000};

struct InvocationError {
  std::string field;    // "url", "connect_timeout", ... or "invocation"
  std::string message;  // "connect_timeout: 'abc' is not a whole number of milliseconds"
};

// Parses `URL [connect_timeout [response_timeout [notify_type]]]`, fields
// separated by spaces or tabs; omitted trailing fields take the defaults
// (3000, 3000, 1). The method is always GET (the original has no method field).
base::Expected<RouteConfig, InvocationError> parse_invocation(std::string_view data);

// A config value as a loader hands it over: TOML/YAML integers stay integers,
// everything else is text.
using SettingValue = std::variant<long long, std::string>;

// The same settings as named config keys. Absent keys take the defaults;
// `url` is required. `method` is "GET" or "POST" (any case).
struct RouteSettings {
  std::optional<std::string> url;
  std::optional<SettingValue> connect_timeout;
  std::optional<SettingValue> response_timeout;
  std::optional<SettingValue> notify_type;
  std::optional<std::string> method;
};

base::Expected<RouteConfig, InvocationError> make_route_config(const RouteSettings& settings);

}  // namespace ctib::routing
