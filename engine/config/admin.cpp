// The [admin] section: where the admin API listens and the token it wants
// (docs/admin-api.md).
#include "engine/config/sections.hpp"
#include "libs/base/host_port.hpp"
#include "libs/base/text.hpp"

namespace ctib::config {

void read_admin(const toml::table& admin, std::string_view source, EngineConfig& cfg) {
  detail::TableReader r(admin, "admin", source);
  AdminConfig a;
  const std::string address = r.string("address").value_or("127.0.0.1:8021");
  // Port 0 is allowed here (ephemeral, logged at start), unlike SIP and
  // gateway addresses where it makes no sense.
  if (!address.empty()) {
    const auto parsed = base::parse_host_port(address);
    if (!parsed || parsed->host.empty()) {
      r.fail("address", "'" + address + "' is not host:port (port 0-65535; [v6]:port for IPv6)");
    } else {
      a.host = parsed->host;
      a.port = parsed->port;
    }
  }
  a.token = r.string("token").value_or("");
  if (a.token.empty()) r.fail("token", "required when [admin] is present, and must not be empty");
  a.keep_finished_calls =
      static_cast<std::size_t>(r.integer("keep-finished-calls", 0, 1000000).value_or(1000));
  r.reject_unknown_keys();
  if (!address.empty()) cfg.admin = a;
}

}  // namespace ctib::config
