#pragma once
// The Switch's private types, shared by switch.cpp (admission, legs) and
// reconfigure.cpp (reload). Not part of the b2bua interface.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "engine/b2bua/switch.hpp"
#include "engine/gateways/resolver.hpp"

namespace ctib::b2bua {

// One bound profile: the sip::Profile and the handler that brings its
// INVITEs and REGISTERs to the Switch. The profile's settings are looked up
// by name in the current generation at each request, so a reload changes
// them without touching the socket.
class Switch::ProfileEntry final : public sip::ProfileHandler {
 public:
  enum class State : std::uint8_t {
    running,
    pending_restart,  // its sip-ip/port changed: restarts once `calls` is 0
    pending_removal,  // gone from the file: stops once `calls` is 0
    restarting,       // shutting down, to bind again
    removing          // shutting down for good
  };
  ProfileEntry(Switch& owner, config::ProfileConfig bound) : owner_(owner), bound_(std::move(bound)) {}
  void on_invite(std::unique_ptr<sip::InboundLeg> leg, const sip::IncomingInvite& invite) override {
    owner_.on_invite(*this, std::move(leg), invite);
  }
  sip::Reply on_register(const sip::IncomingRegister& request) override { return owner_.on_register(*this, request); }
  int on_out_of_dialog(sip::OutOfDialogMethod method, const sip::SourceAddress& source) override {
    return owner_.on_out_of_dialog(*this, method, source);
  }
  [[nodiscard]] bool serving() const noexcept {
    return profile != nullptr && state != State::restarting && state != State::removing;
  }
  [[nodiscard]] bool pending() const noexcept {
    return state == State::pending_restart || state == State::pending_removal;
  }

  Switch& owner_;
  config::ProfileConfig bound_;  // the settings its socket was bound with
  State state = State::running;
  std::size_t calls = 0;  // calls with a leg (A or B) on this profile
  std::unique_ptr<sip::Profile> profile;
  std::string allow_line;  // "Allow: ...\r\n" as `profile` sends it, for the edge's stateless 405
};

// What calls admitted under one configuration snapshot keep.
struct Switch::Generation {
  Generation(config::ConfigSnapshot c, const SwitchDeps& deps)
      : config(std::move(c)), resolver(*config, deps.registrar, deps.gateways) {}
  config::ConfigSnapshot config;
  gateways::ConfigTargetResolver resolver;  // over *config
  // Fallback dial strings parsed once, by profile name.
  std::map<std::string, call::RouteFailureAction::Dial, std::less<>> fallback_dials;
};

}  // namespace ctib::b2bua
