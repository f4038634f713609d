#pragma once
// Internal to ctib_call: what one B leg's INVITE carries, computed from the
// A leg and the leg's variables (freeswitch-semantics §1.7, §2.4, §2.5). Pure.

#include <string>
#include <string_view>

#include "engine/call/ports.hpp"
#include "engine/causes/hangup_cause.hpp"
#include "engine/dialstring/plan.hpp"
#include "engine/variables/variables.hpp"
#include "libs/base/expected.hpp"

namespace ctib::call {

struct CallerId {
  std::string name;
  std::string number;
  friend bool operator==(const CallerId&, const CallerId&) = default;
};

// §2.5 steps 1-2, each field on its own: origination_caller_id_* of the leg
// (`[]` beats `{}` here, so the leg's own `[]` is looked at first), else the
// A leg's effective_caller_id_*, else A's From display / user.
CallerId resolve_caller_id(const dialstring::Leg& leg, const variables::Variables& caller_vars,
                           const InboundInvite& invite);

// Everything build_invite() reads. References only; nothing is kept.
struct InviteInputs {
  const InboundInvite& invite;
  const variables::Variables& caller_vars;  // the A leg's variables
  const dialstring::Leg& leg;
  // The leg's variables in force: the gateway's outbound variables under the
  // leg's merged variables (leg wins).
  const variables::Variables& leg_vars;
  const ResolvedTarget& target;
  std::string_view call_uuid;
  // The offer the media relay wrote (anchored calls, docs/media.md); unset
  // or empty = the caller's own SDP.
  const std::optional<Body>* offer = nullptr;
};

// Why a leg could not be sent: the creation cause and a log line.
struct InviteError {
  causes::HangupCause cause;
  std::string detail;
};

// The INVITE for one resolved target:
// - From: caller id name as display; user = caller id number, or the
//   gateway's from_user when caller_id_in_from is false; host = the leg's
//   sip_invite_domain, else the target's from_host.
// - Headers: the leg's sip_h_<Name> variables in order, then the A leg's
//   custom headers not already set by name (unless A has
//   sip_copy_custom_headers=false): an explicit value from the routing
//   answer beats the one the caller sent.
// - Max-Forwards: A's minus one; at <= 0 EXCHANGE_ROUTING_ERROR (§1.7).
// - SDP: A's offer, narrowed by absolute_codec_string (sdp_codecs.hpp); no
//   common codec is INCOMPATIBLE_DESTINATION.
base::Expected<OutgoingInvite, InviteError> build_invite(const InviteInputs& in);

}  // namespace ctib::call
