// The [admin] section: where the admin API listens and the token it wants
// (docs/admin-api.md).
#include "engine/config/sections.hpp"
#include "libs/base/text.hpp"

namespace ctib::config {

namespace {

// "host:port" with a port of 0-65535 (0: ephemeral, unlike SIP and gateway
// addresses, where 0 makes no sense). "[v6]:port" for IPv6.
bool parse_admin_address(std::string_view text, AdminConfig& out) {
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close == 1 || text.substr(close + 1, 1) != ":") return false;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || text.find(':') != colon) return false;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  auto number = base::parse_int(port);
  if (!number || *number < 0 || *number > 65535) return false;
  out.host = std::string(host);
  out.port = static_cast<std::uint16_t>(*number);
  return true;
}

}  // namespace

void read_admin(const toml::table& admin, std::string_view source, EngineConfig& cfg) {
  detail::TableReader r(admin, "admin", source);
  AdminConfig a;
  const std::string address = r.string("address").value_or("127.0.0.1:8021");
  if (!address.empty() && !parse_admin_address(address, a)) {
    r.fail("address", "'" + address + "' is not host:port (port 0-65535; [v6]:port for IPv6)");
  }
  a.token = r.string("token").value_or("");
  if (a.token.empty()) r.fail("token", "required when [admin] is present, and must not be empty");
  a.keep_finished_calls =
      static_cast<std::size_t>(r.integer("keep-finished-calls", 0, 1000000).value_or(1000));
  r.reject_unknown_keys();
  if (!address.empty()) cfg.admin = a;
}

}  // namespace ctib::config
