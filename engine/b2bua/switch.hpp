#pragma once
// The B2BUA: the SIP profiles and the calls in progress. It turns each
// admitted INVITE into a call::Call with the profile's settings, places the
// calls' outbound legs on the right profile (call::SipPort), and destroys
// calls once they are done. FreeSWITCH's "switch core" for our purposes.
//
// Admission: an INVITE beyond `max-calls`, while the loop is overloaded
// (min-idle-cpu), while paused (admin API), or after drain() began, is
// refused 503 with Retry-After; one on a profile with no route, 403.
//
// For the admin API (engine/admin) it keeps counters, the live calls' views,
// the last `[admin] keep-finished-calls` finished calls, and can kill a call.
//
// Ownership: the composition root owns the Switch; it owns the profiles and
// the calls; the ports it is given are borrowed and outlive it.
// Threading: loop thread only.

#include <spdlog/logger.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "engine/b2bua/call_counters.hpp"
#include "engine/b2bua/finished_calls.hpp"
#include "engine/b2bua/loop_timers.hpp"
#include "engine/call/call.hpp"
#include "engine/config/config.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/registrar.hpp"
#include "engine/sip/profile.hpp"
#include "libs/base/expected.hpp"
#include "libs/base/uuid.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::b2bua {

struct SwitchDeps {
  loop::SuRootLoop& loop;
  const config::EngineConfig& config;
  call::Router& router;
  call::TargetResolver& resolver;
  call::CallObserver& observer;
  spdlog::logger& log;
  // REGISTER handling and the inbound-call gate; null = every profile open
  // and REGISTER refused (405).
  registrar::Registrar* registrar = nullptr;
  // True while new calls must be shed (LoadGuard); empty = never.
  std::function<bool()> overloaded;
  // Counts calls in and legs out per gateway (admin views); null = not counted.
  gateways::GatewayManager* gateways = nullptr;
};

class Switch final : public call::SipPort {
 public:
  explicit Switch(SwitchDeps deps);
  ~Switch() override;
  Switch(const Switch&) = delete;
  Switch& operator=(const Switch&) = delete;

  // Binds every profile. Fails with a message naming the profile and address.
  base::Expected<bool, std::string> start();

  // Stops admitting calls (SIGTERM); calls in progress go on.
  void drain() noexcept { draining_ = true; }
  [[nodiscard]] bool draining() const noexcept { return draining_; }
  // FreeSWITCH's `fsctl pause`: new INVITEs get 503 until resume(); calls
  // in progress go on. Independent of drain (resume does not undo it).
  void pause() noexcept { paused_ = true; }
  void resume() noexcept { paused_ = false; }
  [[nodiscard]] bool paused() const noexcept { return paused_; }

  // Admin views (switch_admin.cpp).
  [[nodiscard]] const CallCounters& counters() const noexcept { return counters_; }
  // Live calls, oldest first, without timelines.
  [[nodiscard]] std::vector<call::CallView> call_views() const;
  // A live or recently finished call with its timeline, or nullopt.
  [[nodiscard]] std::optional<call::CallView> call_view(std::string_view uuid);
  [[nodiscard]] std::size_t calls_on(std::string_view profile) const;
  // FreeSWITCH's uuid_kill: hangs the call up with `cause` as the switch.
  // False when no such call is up (unknown or already ended).
  bool kill(std::string_view uuid, causes::HangupCause cause);
  // Records on the call's timeline (live or finished); unknown uuid: ignored.
  void note(std::string_view uuid, call::TimelineKind kind, std::string detail);
  [[nodiscard]] std::size_t calls() const noexcept { return calls_.size(); }
  // INVITEs refused 503 because the engine was overloaded, since start.
  [[nodiscard]] std::uint64_t shed() const noexcept { return shed_; }
  // Ends every call still up (grace period over).
  void hangup_all();
  // Shuts every profile down; `done` runs once all have stopped.
  void shutdown(std::function<void()> done);

  // A bound profile by name, or nullptr (gateway REGISTER/OPTIONS).
  [[nodiscard]] sip::Profile* profile(std::string_view name) const;

  // call::SipPort
  base::Expected<std::unique_ptr<call::CalleeLeg>, causes::HangupCause> place(
      const call::OutgoingInvite& invite, call::CalleeEvents& events) override;

 private:
  class ProfileEntry;
  void on_invite(const config::ProfileConfig& profile, std::unique_ptr<sip::InboundLeg> leg,
                 const sip::IncomingInvite& invite);
  sip::Reply on_register(const config::ProfileConfig& profile, const sip::IncomingRegister& request);
  // The inbound policy (registrar/admit.cpp): false when the INVITE was
  // answered 403/407 here; else `user` is the authenticated caller, if any.
  bool admit(const config::ProfileConfig& profile, sip::InboundLeg& leg, const sip::IncomingInvite& invite,
             const registrar::User*& user);
  call::CallSettings settings_for(const config::ProfileConfig& profile) const;
  void finished(const std::string& uuid);

  SwitchDeps deps_;
  LoopTimers timers_;
  base::UuidGenerator uuids_;
  std::map<std::string, std::unique_ptr<ProfileEntry>, std::less<>> profiles_;
  std::unordered_map<std::string, std::unique_ptr<call::Call>> calls_;  // by uuid
  // Fallback dial strings parsed once at start, by profile name.
  std::map<std::string, call::RouteFailureAction::Dial, std::less<>> fallback_dials_;
  bool draining_ = false;
  bool paused_ = false;
  CallCounters counters_;
  FinishedCalls finished_calls_;
  std::uint64_t shed_ = 0;
  // Posted call destructions check it: the Switch may go before the loop.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// The call core's view of an INVITE.
call::InboundInvite to_inbound(const std::string& profile, const sip::IncomingInvite& invite);
// The SIP adapter's view of an outgoing INVITE.
sip::OutgoingInvite to_outgoing(const call::OutgoingInvite& invite);

}  // namespace ctib::b2bua
