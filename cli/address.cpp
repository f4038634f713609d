#include "cli/address.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "libs/base/host_port.hpp"
#include "libs/base/text.hpp"

namespace ctib::cli {
namespace {

struct AdminSection {
  std::optional<std::string> address;
  std::optional<std::string> token;
};

base::Expected<AdminSection, std::string> read_admin_section(const std::string& path) {
  std::ifstream in(path);
  if (!in) return base::unexpected(path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    return base::unexpected(path + ":" + std::to_string(e.source().begin.line) + ": " +
                            std::string(e.description()));
  }
  AdminSection section;
  const toml::node* admin = root.get("admin");
  if (admin == nullptr) return section;
  if (!admin->is_table()) return base::unexpected(path + ": [admin] is not a table");
  for (const char* key : {"address", "token"}) {
    const toml::node* node = admin->as_table()->get(key);
    if (node == nullptr) continue;
    const auto* value = node->as_string();
    if (value == nullptr)
      return base::unexpected(path + ":" + std::to_string(node->source().begin.line) + ": admin." + key +
                              ": must be a string");
    (std::string_view(key) == "address" ? section.address : section.token) = value->get();
  }
  return section;
}

base::Expected<std::string, std::string> checked_url(std::string url, std::string_view source) {
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return base::unexpected(std::string(source) + ": \"" + url + "\" is not an http:// or https:// URL");
  while (url.ends_with('/')) url.pop_back();
  return url;
}

std::string_view default_address(Service service) {
  return service == Service::numbers ? "127.0.0.1:8022" : "127.0.0.1:8021";
}

}  // namespace

base::Expected<std::string, std::string> address_to_url(std::string_view address) {
  const auto parsed = base::parse_host_port(address);
  if (!parsed || parsed->host.empty())
    return base::unexpected("\"" + std::string(address) + "\" is not host:port ([v6]:port for IPv6)");
  if (parsed->port == 0)
    return base::unexpected("\"" + std::string(address) +
                            "\" has port 0 (ephemeral): give the port the program logged with --url");
  std::string host = parsed->host;
  if (host == "0.0.0.0" || host == "*") host = "127.0.0.1";
  if (host == "::") host = "::1";
  return "http://" + base::url_host(host) + ":" + std::to_string(parsed->port);
}

base::Expected<Endpoint, std::string> resolve_endpoint(const Sources& sources, Service service,
                                                       const Defaults& defaults) {
  std::optional<std::string> url;
  std::optional<std::string> token = sources.token ? sources.token : sources.env_token;
  if (sources.url) {
    auto u = checked_url(*sources.url, "--url");
    if (!u) return base::unexpected(u.error());
    url = *u;
  } else if (sources.env_url) {
    auto u = checked_url(*sources.env_url, "CTIB_ADMIN_URL");
    if (!u) return base::unexpected(u.error());
    url = *u;
  }

  // The file is read only for what is still missing: an operator who gives
  // both on the command line needs no read access to the engine's config.
  if (!url || !token) {
    std::optional<std::string> path = sources.config;
    if (!path) {
      const std::string& fallback =
          service == Service::numbers ? defaults.numbers_config : defaults.engine_config;
      std::error_code ec;
      if (std::filesystem::exists(fallback, ec)) path = fallback;
    }
    if (path) {
      auto section = read_admin_section(*path);
      if (!section) return base::unexpected(section.error());
      if (!url && section->address) {
        if (section->address->empty())
          return base::unexpected(*path + ": [admin] address is \"\" (the admin API is off)");
        auto u = address_to_url(*section->address);
        if (!u) return base::unexpected(*path + ": admin.address: " + u.error());
        url = *u;
      }
      if (!token && section->token) token = section->token;
    }
  }

  if (!url) url = *address_to_url(default_address(service));
  if (!token || token->empty())
    return base::unexpected(std::string(
        "no admin token: give --token, set CTIB_ADMIN_TOKEN, or --config a file with [admin] token"));
  return Endpoint{*url, *token};
}

}  // namespace ctib::cli
