// Switch::reconfigure: a reload as the Switch sees it. The new generation is
// what new calls get from now on; profiles follow their socket settings
// once no call has a leg on them (restarting a sofia-sip profile ends every
// dialog on it).

#include <spdlog/spdlog.h>

#include "engine/b2bua/switch.hpp"
#include "engine/b2bua/switch_internals.hpp"
#include "engine/config/diff.hpp"

namespace ctib::b2bua {

namespace {

std::string address(const config::ProfileConfig& p) { return p.sip_ip + ":" + std::to_string(p.sip_port); }

std::string calls_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " call" : " calls"); }

}  // namespace

base::Expected<ProfileChanges, std::string> Switch::reconfigure(config::ConfigSnapshot next) {
  auto generation = make_generation(next, deps_);
  if (!generation) return base::unexpected(generation.error());
  // Added profiles bind before anything changes: one that cannot leaves the
  // running configuration whole (the others bound so far are dropped).
  std::vector<std::unique_ptr<ProfileEntry>> added;
  for (const config::ProfileConfig& p : next->profiles) {
    if (profiles_.contains(p.name)) continue;
    auto entry = bind(p);
    if (!entry) return base::unexpected(entry.error());
    added.push_back(std::move(*entry));
  }

  current_ = std::move(*generation);
  ProfileChanges report;
  for (auto& entry : added) {
    report.changed.push_back("profile " + entry->bound_.name + " added on " + address(entry->bound_));
    std::string name = entry->bound_.name;
    profiles_.emplace(std::move(name), std::move(entry));
  }
  pending_ = 0;
  for (auto& [name, entry] : profiles_) {
    if (entry->state == ProfileEntry::State::restarting || entry->state == ProfileEntry::State::removing) continue;
    const config::ProfileConfig* p = next->profile(name);
    if (p == nullptr) {
      entry->state = ProfileEntry::State::pending_removal;
    } else if (!config::same_binding(entry->bound_, *p)) {
      entry->state = ProfileEntry::State::pending_restart;
    } else {
      entry->state = ProfileEntry::State::running;  // a change undone before it applied
      continue;
    }
    ++pending_;
    if (entry->calls == 0) continue;  // applied below
    report.pending.push_back(p == nullptr ? "profile " + name + " removed after its last " +
                                                calls_text(entry->calls) + " ends"
                                          : "profile " + name + " restarts on " + address(*p) + " after its " +
                                                calls_text(entry->calls) + " end");
  }
  for (auto& [name, entry] : profiles_) {
    if (!entry->pending() || entry->calls != 0) continue;
    const config::ProfileConfig* p = next->profile(name);
    report.changed.push_back(p == nullptr ? "profile " + name + " removed"
                                          : "profile " + name + " restarted on " + address(*p));
  }
  apply_pending();
  return report;
}

void Switch::apply_pending() {
  // Collected first: remove() and restart() change profiles_ later, from
  // callbacks, never while this loop runs.
  std::vector<ProfileEntry*> idle;
  for (auto& [name, entry] : profiles_) {
    if (entry->pending() && entry->calls == 0) idle.push_back(entry.get());
  }
  for (ProfileEntry* entry : idle) {
    --pending_;
    if (entry->state == ProfileEntry::State::pending_removal) {
      remove(*entry);
    } else {
      restart(*entry);
    }
  }
}

void Switch::restart(ProfileEntry& entry) {
  entry.state = ProfileEntry::State::restarting;
  deps_.log.info("profile {}: restarting (its address changed)", entry.bound_.name);
  entry.profile->shutdown([this, &entry, alive = std::weak_ptr<bool>(alive_)] {
    // Not inside the Profile's own callback: it is destroyed here.
    deps_.loop.post([this, &entry, alive] {
      if (alive.expired()) return;
      entry.profile.reset();
      const config::ProfileConfig* p = current_->config->profile(entry.bound_.name);
      if (stopping_ || p == nullptr) {
        // Shutting down, or removed by a later reload while restarting.
        profiles_.erase(entry.bound_.name);
        return;
      }
      std::string name = entry.bound_.name;
      auto bound = bind(*p);
      if (!bound) {
        // Left unbound; a later reload that still names it binds it again.
        deps_.log.error("{}", bound.error());
        profiles_.erase(name);
        return;
      }
      // The fresh entry is the new profile's handler; the old one goes (no
      // call refers to it: it restarted because none did).
      profiles_[name] = std::move(*bound);
      deps_.log.info("profile {}: listening on {}", name, address(*p));
      if (deps_.profile_restarted) deps_.profile_restarted(name);
    });
  });
}

void Switch::remove(ProfileEntry& entry) {
  entry.state = ProfileEntry::State::removing;
  deps_.log.info("profile {}: stopping (removed from the configuration)", entry.bound_.name);
  entry.profile->shutdown([this, &entry, alive = std::weak_ptr<bool>(alive_)] {
    deps_.loop.post([this, name = entry.bound_.name, alive] {
      if (!alive.expired()) profiles_.erase(name);
    });
  });
}

}  // namespace ctib::b2bua
