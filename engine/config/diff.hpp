#pragma once
// What differs between the running configuration and a newly loaded one,
// sorted by how a reload can apply it (docs/configuration.md "Reload"):
// at once for new calls, by restarting a profile once no call is on it, or
// not at all until the engine restarts. Pure: the reload applies it.

#include <string>
#include <vector>

#include "engine/config/config.hpp"

namespace ctib::config {

struct ConfigDiff {
  // By name ("id@domain" for users). `changed` = present in both, different.
  std::vector<std::string> gateways_added, gateways_removed, gateways_changed;
  std::vector<std::string> users_added, users_removed, users_changed;
  std::vector<std::string> acls_added, acls_removed, acls_changed;
  std::vector<std::string> profiles_added, profiles_removed;
  // Profiles whose stack settings changed (sip-ip, sip-port, timer-t1x64,
  // disable-register, the TCP limits, enable-timer, session-timeout,
  // minimum-session-expires): they must be restarted to take them.
  std::vector<std::string> profiles_rebound;
  // "profile internal: route, variables": settings new calls take at once.
  std::vector<std::string> profiles_changed;
  // Global keys new calls take at once ("max-calls", "domain", ...).
  std::vector<std::string> globals_changed;
  // Keys that changed in the file but apply only at the next start.
  std::vector<std::string> needs_restart;

  [[nodiscard]] bool empty() const noexcept;
};

ConfigDiff diff(const EngineConfig& running, const EngineConfig& next);

// The settings a profile's SIP socket is created with: changing any of them
// means restarting the profile.
bool same_binding(const ProfileConfig& a, const ProfileConfig& b) noexcept;

}  // namespace ctib::config
