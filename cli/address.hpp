#pragma once
// Where the admin API is and the token it wants, resolved once at start.
// URL and token are resolved independently, each from the first source that
// gives it (docs/admin-api.md "ctib"):
//   1. --url / --token
//   2. CTIB_ADMIN_URL / CTIB_ADMIN_TOKEN
//   3. the [admin] section (address, token) of --config FILE, or of the
//      service's default file when it exists
//   4. URL only: the service's default address (engine 127.0.0.1:8021,
//      numbers 127.0.0.1:8022), as the programs themselves default to.
// No token anywhere is a usage error: every admin route needs one.

#include <optional>
#include <string>
#include <string_view>

#include "cli/command.hpp"
#include "libs/base/expected.hpp"

namespace ctib::cli {

struct Endpoint {
  std::string url;    // "http://host:port", no trailing '/'
  std::string token;  // never printed
};

// The options and environment as given, before resolution.
struct Sources {
  std::optional<std::string> url;       // --url
  std::optional<std::string> token;     // --token
  std::optional<std::string> config;    // --config
  std::optional<std::string> env_url;   // CTIB_ADMIN_URL
  std::optional<std::string> env_token; // CTIB_ADMIN_TOKEN
};

// Default config files: /etc/ctibridge/engine.toml, /etc/ctibridge/numbers.toml.
struct Defaults {
  std::string engine_config = "/etc/ctibridge/engine.toml";
  std::string numbers_config = "/etc/ctibridge/numbers.toml";
};

// The error is a usage message (exit status 2); it never contains the token.
base::Expected<Endpoint, std::string> resolve_endpoint(const Sources& sources, Service service,
                                                       const Defaults& defaults = {});

// "host:port" as the [admin] address key writes it → "http://host:port". A
// wildcard host (0.0.0.0, [::]) means "every local address", so the CLI
// connects to loopback; port 0 (ephemeral) cannot be known from the file.
base::Expected<std::string, std::string> address_to_url(std::string_view address);

}  // namespace ctib::cli
