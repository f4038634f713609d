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
// Configuration: the Switch holds the current snapshot (a Generation: the
// config, the target resolver over it, the fallback dials parsed from it).
// An admitted call shares the Generation it was admitted under for its whole
// life: its settings, route and resolver view do not change under it when a
// reload swaps in a new one (reconfigure()).
//
// Ownership: the composition root owns the Switch; it owns the profiles, the
// generations (shared with the calls) and the calls; the ports it is given
// are borrowed and outlive it.
// Threading: loop thread only.

#include <spdlog/logger.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/b2bua/admission_observer.hpp"
#include "engine/b2bua/call_counters.hpp"
#include "engine/b2bua/finished_calls.hpp"
#include "engine/b2bua/loop_timers.hpp"
#include "engine/call/call.hpp"
#include "engine/config/config.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/edge/pike.hpp"
#include "engine/edge/stateless_request.hpp"
#include "engine/registrar/registrar.hpp"
#include "engine/sip/profile.hpp"
#include "libs/base/expected.hpp"
#include "libs/base/uuid.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::b2bua {

struct SwitchDeps {
  loop::SuRootLoop& loop;
  config::ConfigSnapshot config;
  call::Router& router;
  // Gateway UP/DOWN for the resolver, and the per-gateway counts of calls in
  // and legs out (admin views); null = every gateway UP, nothing counted.
  gateways::GatewayManager* gateways;
  call::CallObserver& observer;
  spdlog::logger& log;
  // REGISTER handling and the inbound-call gate; null = every profile open
  // and REGISTER refused (405).
  registrar::Registrar* registrar = nullptr;
  // True while new calls must be shed (LoadGuard); empty = never.
  std::function<bool()> overloaded;
  // Runs after a profile was restarted on a new address (reload), so the
  // gateways leaving from it register again through the new socket.
  std::function<void(const std::string& profile)> profile_restarted;
  // Per-source request limit (edge/pike.hpp); null = none. Trusted
  // (apply-inbound-acl) sources are never checked (edge_policy.cpp).
  edge::Pike* pike = nullptr;
  // Told of every INVITE and refusal (the engine's metrics); null = nobody.
  AdmissionObserver* admissions = nullptr;
  // The media relay calls are anchored through when the configuration has a
  // [media] section (docs/media.md); null = every call passes SDP through.
  call::MediaPort* media = nullptr;
};

// What a reconfigure() did to the profiles, as report lines.
struct ProfileChanges {
  std::vector<std::string> changed;  // done: "profile lab added on 127.0.0.1:5090"
  std::vector<std::string> pending;  // waiting for calls to end: "profile internal: restart on ... after 1 call"
};

class Switch final : public call::SipPort {
 public:
  explicit Switch(SwitchDeps deps);
  ~Switch() override;
  Switch(const Switch&) = delete;
  Switch& operator=(const Switch&) = delete;

  // Binds every profile. Fails with a message naming the profile and address.
  base::Expected<bool, std::string> start();

  // A reload (engine/app/reload.cpp): new calls use `next` at once; calls in
  // progress keep their own. Added profiles are bound now; a profile whose
  // socket settings changed (config::same_binding) is restarted, and a
  // removed one stopped, as soon as no call has a leg on it (at once when
  // none has). Fails, with nothing changed, when `next` has a bad fallback
  // dial or an added profile cannot bind.
  base::Expected<ProfileChanges, std::string> reconfigure(config::ConfigSnapshot next);
  // The configuration new calls get.
  [[nodiscard]] const config::EngineConfig& config() const noexcept;

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
  // Live calls, oldest first, without timelines: the oldest `limit` of
  // them, and how many are up. Only the listed calls are copied (the others
  // are ordered by creation time, not viewed): the loop's cost is bounded
  // by `limit` views plus an O(calls) selection.
  struct CallList {
    std::vector<call::CallView> calls;
    std::size_t total = 0;
  };
  [[nodiscard]] CallList call_views(std::size_t limit = SIZE_MAX) const;
  // A live or recently finished call with its timeline, or nullopt.
  [[nodiscard]] std::optional<call::CallView> call_view(std::string_view uuid);
  [[nodiscard]] std::size_t calls_on(std::string_view profile) const;
  // A bound profile's state for `sofia status`: RUNNING, PENDING_RESTART
  // (a reload changed its address: restarts when its calls end),
  // PENDING_REMOVAL, RESTARTING, REMOVING; UNKNOWN when not bound.
  [[nodiscard]] std::string_view profile_state(std::string_view name) const;
  // FreeSWITCH's uuid_kill: hangs the call up with `cause` as the switch.
  // False when no such call is up (unknown or already ended).
  bool kill(std::string_view uuid, causes::HangupCause cause);
  // A DTMF digit the media relay saw from side `tag` of the call (its
  // DTMF log, engine/media/dtmf_listener): the caller's ("a") go to the
  // call; unknown uuids and the B side's digits are ignored.
  void caller_digit(std::string_view uuid, std::string_view tag, char digit);
  // Records on the call's timeline (live or finished); unknown uuid: ignored.
  void note(std::string_view uuid, call::TimelineKind kind, std::string detail);

  // The edge's DatagramGate asks this before sofia reads an out-of-dialog
  // request (edge_policy.cpp): the answer for an untrusted source's OPTIONS
  // or INFO, sent without a transaction; nullopt keeps sofia's path.
  std::optional<edge::StatelessAnswer> stateless_answer(std::string_view profile, std::string_view method,
                                                        std::string_view ip);
  [[nodiscard]] std::size_t calls() const noexcept { return calls_.size(); }
  // INVITEs refused 503 because the engine was overloaded, since start.
  [[nodiscard]] std::uint64_t shed() const noexcept { return shed_; }
  // Ends every call still up (grace period over).
  void hangup_all();
  // Shuts every profile down; `done` runs once all have stopped.
  void shutdown(std::function<void()> done);

  // A bound, running profile by name, or nullptr (gateway REGISTER/OPTIONS).
  [[nodiscard]] sip::Profile* profile(std::string_view name) const;

  // call::SipPort
  base::Expected<std::unique_ptr<call::CalleeLeg>, causes::HangupCause> place(
      const call::OutgoingInvite& invite, call::CalleeEvents& events) override;

 private:
  class ProfileEntry;
  struct Generation;
  // A call, the generation it was admitted under (declared first, destroyed
  // last: the call's resolver lives in it) and the profiles it has legs on.
  struct CallSlot {
    std::shared_ptr<Generation> generation;
    std::unique_ptr<call::Call> call;
    std::vector<ProfileEntry*> profiles;  // each counts this call in `calls`
  };
  static base::Expected<std::shared_ptr<Generation>, std::string> make_generation(
      config::ConfigSnapshot config, const SwitchDeps& deps);
  base::Expected<std::unique_ptr<ProfileEntry>, std::string> bind(const config::ProfileConfig& p);
  void on_invite(ProfileEntry& entry, std::unique_ptr<sip::InboundLeg> leg, const sip::IncomingInvite& invite);
  sip::Reply on_register(ProfileEntry& entry, const sip::IncomingRegister& request);
  // The inbound policy (registrar/admit.cpp): false when the INVITE was
  // answered 403/407 here; else `user` is the authenticated caller, if any.
  bool admit(const config::ProfileConfig& profile, sip::InboundLeg& leg, const sip::IncomingInvite& invite,
             const registrar::User*& user);
  static call::CallSettings settings_for(const config::ProfileConfig& profile, const Generation& generation);
  // edge_policy.cpp: the per-source limit and the answers to OPTIONS/INFO.
  [[nodiscard]] bool trusted(const config::ProfileConfig& profile, const std::string& ip) const;
  // True when `ip` is over its request rate (pike): refuse without more work.
  bool flooding(const std::string& ip);
  int on_out_of_dialog(ProfileEntry& entry, sip::OutOfDialogMethod method, const sip::SourceAddress& source);
  void finished(const std::string& uuid);
  // Restarts or stops the pending profiles no call has a leg on any more.
  void apply_pending();
  void restart(ProfileEntry& entry);
  void remove(ProfileEntry& entry);

  SwitchDeps deps_;
  LoopTimers timers_;
  base::UuidGenerator uuids_;
  std::shared_ptr<Generation> current_;  // what new calls get
  std::map<std::string, std::unique_ptr<ProfileEntry>, std::less<>> profiles_;
  std::unordered_map<std::string, CallSlot> calls_;  // by uuid
  std::size_t pending_ = 0;  // profiles waiting for their calls to end
  bool stopping_ = false;    // shutdown() began: no profile restarts
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
