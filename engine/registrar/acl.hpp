#pragma once
// Source-address access lists (FreeSWITCH acl.conf, `apply-inbound-acl`).
// Blocks come parsed from the configuration; here they are matched against
// the socket address an INVITE came from.
//
// Rule: the most specific block that contains the address decides (longest
// prefix), deny winning a tie between an allow and a deny of the same length;
// no block matches → the list's default.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/config.hpp"

namespace ctib::registrar {

class Acl {
 public:
  Acl() = default;
  explicit Acl(const config::AclConfig& config);
  Acl(std::string name, std::vector<config::Cidr> allow);  // an allow-only list, default deny

  // `ip` is a literal IPv4 or IPv6 address; anything else never matches.
  [[nodiscard]] bool allows(std::string_view ip) const;
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
  std::vector<config::Cidr> allow_;
  std::vector<config::Cidr> deny_;
  bool default_allow_ = false;
};

// True when `ip` (literal) lies in `block`; IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d) are compared as IPv4.
bool contains(const config::Cidr& block, std::string_view ip);

}  // namespace ctib::registrar
