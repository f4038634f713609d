#pragma once
// Internal to ctib_call: turns one dial-plan leg into placed OutboundLegs
// (resolve the target, build the INVITE, send it). Creation failures
// (freeswitch-semantics §1.7: error/CAUSE, unknown gateway, gateway down,
// Max-Forwards, no common codec, ...) come back as legs in state Failed
// with created() false: no SIP was sent for them.
//
// Ownership: the Dialer owns every leg of its call until it is destroyed
// with the call; everyone else holds plain pointers.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/call/leg.hpp"
#include "engine/call/log_sink.hpp"
#include "engine/call/ports.hpp"
#include "engine/dialstring/plan.hpp"

namespace ctib::call {

struct DialerEnv {
  SipPort& sip;
  TargetResolver& resolver;
  Timers& timers;
  const InboundInvite& invite;
  const variables::Variables& caller_vars;  // the A leg's, read at each creation
  std::string uuid;
  LogSink log;
  std::size_t max_legs;          // legs one call may create in all
  Timeline* timeline = nullptr;  // the call's; legs placed and their SIP go there
  const std::optional<Body>* offer = nullptr;  // the call's anchored offer (build_invite.hpp)
};

class Dialer {
 public:
  explicit Dialer(DialerEnv env) : env_(std::move(env)) {}

  // The legs for `leg`, in dial order: one per contact of a registered user
  // (only the first when `forked`, as user/ does in a forked dial, §5.5.6).
  std::vector<OutboundLeg*> create(const dialstring::Leg& leg, bool forked);

  // The SDP offer of the legs created from now on, in place of the A leg's
  // INVITE's: a blind transfer offers the transferee's session (decision 0015).
  void set_offer(std::optional<Body> sdp) { offer_ = std::move(sdp); }

  // Ends every leg still up (the call is over). Reports nothing.
  void end_all(causes::HangupCause cause);

  // The text of the last leg created or attempted, for `dialed`.
  [[nodiscard]] const std::string& last_attempted() const noexcept { return last_attempted_; }
  [[nodiscard]] RemoteStatusLog& remote_log() noexcept { return remote_log_; }

 private:
  // `dialed`: the leg's text for `dialed` and logs when not the leg as written.
  OutboundLeg* new_leg(const dialstring::Leg& leg, variables::Variables vars, const std::string& dialed = {});
  OutboundLeg* failed(const dialstring::Leg& leg, causes::HangupCause cause, std::string_view detail);
  OutboundLeg* place(const dialstring::Leg& leg, const ResolvedTarget& target);

  DialerEnv env_;
  RemoteStatusLog remote_log_;
  std::string last_attempted_;
  std::optional<std::optional<Body>> offer_;  // set: replaces the INVITE's SDP
  std::vector<std::unique_ptr<OutboundLeg>> legs_;
};

}  // namespace ctib::call
