#pragma once
// Reload without dropping calls (SIGHUP, `ctib reload`, POST /v1/reload):
// re-reads the configuration file, validates it completely (the same
// file:line: key: messages as at start), and applies what changed:
//  - new calls get the new profiles' routes and variables, users, ACLs,
//    gateways and limits at once; calls in progress keep the snapshot they
//    were admitted under (b2bua::Switch);
//  - the registrar's directory and ACLs switch at once;
//  - gateways added start registering / pinging; removed ones un-REGISTER;
//    changed ones are removed and added again;
//  - profiles whose sip-ip / sip-port changed restart once no call is on
//    them (reported `pending` until then);
//  - keys that only apply at start are reported `needs_restart`, not applied.
// An invalid file changes nothing and reload() returns its error.
//
// Ownership: the composition root owns the Reloader, after the components
// it reconfigures (borrowed). It holds the running snapshot.
// Threading: loop thread only (the admin API posts to the loop).

#include <spdlog/logger.h>

#include <functional>
#include <string>
#include <vector>

#include "engine/b2bua/switch.hpp"
#include "engine/config/config.hpp"
#include "engine/config/diff.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/registrar.hpp"
#include "libs/base/expected.hpp"

namespace ctib::app {

struct ReloadReport {
  std::vector<std::string> changed;        // applied: "gateway carrier2 added"
  std::vector<std::string> pending;        // waiting for calls to end
  std::vector<std::string> needs_restart;  // in the file, applied at the next start
};

// {"reloaded":true,"changed":[...],"pending":[...],"needs_restart":[...]}
std::string to_json(const ReloadReport& report);

// The report lines for what a diff changes outside the Switch.
std::vector<std::string> describe(const config::ConfigDiff& diff);

struct ReloaderDeps {
  std::string path;  // the file given with --config
  config::ConfigSnapshot running;
  b2bua::Switch& sw;
  registrar::Registrar* registrar;  // null: no registrar to update
  gateways::GatewayManager& gateways;
  spdlog::logger& log;
  // Told the new snapshot once it is applied (the router's signing keys).
  std::function<void(const config::ConfigSnapshot&)> applied = {};
  // Applied to the file as read, before it is compared: a worker's own
  // spool directory, admin port... (decision 0020), as at start.
  std::function<void(config::EngineConfig&)> adjust = {};
};

class Reloader {
 public:
  explicit Reloader(ReloaderDeps deps) : deps_(std::move(deps)) {}

  base::Expected<ReloadReport, std::string> reload();

  // reload() as the admin API's POST /v1/reload handler wants it: the JSON
  // body, or the error message (answered 422). Runs on the loop.
  base::Expected<std::string, std::string> reload_json();
  [[nodiscard]] std::function<base::Expected<std::string, std::string>()> admin_handler() {
    return [this] { return reload_json(); };
  }

  // reload() with its outcome logged: "reload: ..." at info, or the error.
  void reload_and_log();

  [[nodiscard]] const config::ConfigSnapshot& running() const noexcept { return deps_.running; }

 private:
  ReloaderDeps deps_;
};

}  // namespace ctib::app
