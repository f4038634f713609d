#include "engine/app/reload.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "engine/config/load.hpp"

namespace ctib::app {

namespace {

void add(std::vector<std::string>& out, const std::vector<std::string>& names, std::string_view kind,
         std::string_view what) {
  for (const auto& n : names) out.push_back(std::string(kind) + " " + n + " " + std::string(what));
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
  return out;
}

}  // namespace

std::vector<std::string> describe(const config::ConfigDiff& d) {
  std::vector<std::string> out;
  add(out, d.gateways_added, "gateway", "added");
  add(out, d.gateways_removed, "gateway", "removed");
  add(out, d.gateways_changed, "gateway", "changed");
  add(out, d.users_added, "user", "added");
  add(out, d.users_removed, "user", "removed");
  add(out, d.users_changed, "user", "changed");
  add(out, d.acls_added, "acl", "added");
  add(out, d.acls_removed, "acl", "removed");
  add(out, d.acls_changed, "acl", "changed");
  out.insert(out.end(), d.profiles_changed.begin(), d.profiles_changed.end());
  for (const auto& key : d.globals_changed) out.push_back(key + " changed");
  return out;
}

std::string to_json(const ReloadReport& report) {
  nlohmann::json j{{"reloaded", true},
                   {"changed", report.changed},
                   {"pending", report.pending},
                   {"needs_restart", report.needs_restart}};
  return j.dump();
}

base::Expected<ReloadReport, std::string> Reloader::reload() {
  auto loaded = config::load_file(deps_.path);
  if (!loaded) return base::unexpected(loaded.error().to_string());
  if (deps_.adjust) deps_.adjust(*loaded);
  auto next = std::make_shared<const config::EngineConfig>(std::move(*loaded));
  const config::ConfigDiff diff = config::diff(*deps_.running, *next);

  // The Switch is the only part that can still refuse the file (a bad
  // fallback dial, a new profile that cannot bind): it goes first, so a
  // refusal leaves everything as it was.
  auto profiles = deps_.sw.reconfigure(next);
  if (!profiles) return base::unexpected(profiles.error());

  if (deps_.registrar != nullptr) deps_.registrar->reconfigure(next);
  for (const auto& name : diff.gateways_removed) deps_.gateways.remove(name);
  for (const auto& name : diff.gateways_changed) {
    deps_.gateways.remove(name);
    deps_.gateways.add(*next->gateway(name));
  }
  for (const auto& name : diff.gateways_added) deps_.gateways.add(*next->gateway(name));
  if (next->logging.level != deps_.running->logging.level) {
    deps_.log.set_level(spdlog::level::from_str(next->logging.level));
  }

  ReloadReport report;
  report.changed = describe(diff);
  report.changed.insert(report.changed.end(), profiles->changed.begin(), profiles->changed.end());
  report.pending = std::move(profiles->pending);
  report.needs_restart = diff.needs_restart;
  if (deps_.applied) deps_.applied(next);
  deps_.running = std::move(next);
  return report;
}

base::Expected<std::string, std::string> Reloader::reload_json() {
  auto report = reload();
  if (!report) {
    deps_.log.error("reload: {}; the running configuration is unchanged", report.error());
    return base::unexpected(report.error());
  }
  deps_.log.info("reload: {}{}{}{}{}", report->changed.empty() ? "nothing changed" : "changed: " + join(report->changed),
                 report->pending.empty() ? "" : "; pending: ", join(report->pending),
                 report->needs_restart.empty() ? "" : "; needs restart, not applied: ",
                 join(report->needs_restart));
  return to_json(*report);
}

void Reloader::reload_and_log() { (void)reload_json(); }

}  // namespace ctib::app
