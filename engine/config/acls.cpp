// The [acls.NAME] section: FreeSWITCH acl.conf lists as allow/deny CIDR arrays.

#include <arpa/inet.h>

#include "engine/config/reader.hpp"
#include "engine/config/sections.hpp"
#include "engine/config/values.hpp"
#include "libs/base/text.hpp"

namespace ctib::config {

std::optional<Cidr> parse_cidr(std::string_view text) {
  Cidr out;
  out.text = std::string(text);
  std::string_view addr = text;
  std::optional<long long> prefix;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    prefix = base::parse_int(text.substr(slash + 1));
    if (!prefix) return std::nullopt;
  }
  std::string a(addr);
  if (inet_pton(AF_INET, a.c_str(), out.address.data()) == 1) {
    out.v6 = false;
    out.prefix = static_cast<int>(prefix.value_or(32));
    if (out.prefix < 0 || out.prefix > 32) return std::nullopt;
    return out;
  }
  if (inet_pton(AF_INET6, a.c_str(), out.address.data()) == 1) {
    out.v6 = true;
    out.prefix = static_cast<int>(prefix.value_or(128));
    if (out.prefix < 0 || out.prefix > 128) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

namespace {

std::vector<Cidr> read_cidrs(detail::TableReader& r, std::string_view key) {
  std::vector<Cidr> out;
  for (const std::string& text : r.strings(key)) {
    auto cidr = parse_cidr(text);
    if (!cidr) r.fail(key, "'" + text + "' is not an address or CIDR block (e.g. 10.0.0.0/8)");
    out.push_back(*cidr);
  }
  return out;
}

AclConfig read_acl(const std::string& name, const toml::table& t, std::string_view source) {
  detail::TableReader r(t, "acls." + name, source);
  AclConfig acl;
  acl.name = name;
  acl.allow = read_cidrs(r, "allow");
  acl.deny = read_cidrs(r, "deny");
  std::string def = r.string("default").value_or("deny");
  if (def != "allow" && def != "deny") r.fail("default", "'" + def + "' is not allow or deny");
  acl.default_allow = def == "allow";
  r.reject_unknown_keys();
  return acl;
}

}  // namespace

void read_acls(const toml::table& acls, std::string_view source, EngineConfig& cfg) {
  for (const auto& [key, node] : acls) {
    std::string name(key.str());
    int line = static_cast<int>(node.source().begin.line);
    if (!valid_name(name)) {
      throw detail::Invalid{ConfigError{std::string(source), line, "acls." + name,
                                        "a name is letters, digits, '.', '-', '_'"}};
    }
    if (name == "gateways") {
      throw detail::Invalid{ConfigError{std::string(source), line, "acls." + name,
                                        "'gateways' is built in (the configured gateways' proxy addresses)"}};
    }
    if (!node.is_table()) {
      throw detail::Invalid{ConfigError{std::string(source), line, "acls." + name, "expected a table"}};
    }
    cfg.acls.push_back(read_acl(name, *node.as_table(), source));
  }
}

}  // namespace ctib::config
