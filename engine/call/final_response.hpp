#pragma once
// Internal to ctib_call: how SIP statuses and hangup causes map onto each
// other at the edges of the call (freeswitch-semantics §3.2, §3.3). Pure.

#include <optional>
#include <string>

#include "engine/causes/hangup_cause.hpp"

namespace ctib::call {

// A status a far end can really send as a final INVITE response (300-699).
// The SIP stack reports its own failures (transport error, no answer to the
// INVITE) with synthetic statuses >= 700; those are never passed to A.
constexpr bool is_remote_final_status(int status) noexcept { return status >= 300 && status <= 699; }

// The cause of a B leg that got a final failure. A `Reason: Q.850;cause=N`
// wins over the SIP table unless ignore_q850_reason is set (§3.3.1). A
// synthetic stack status (>= 700, or anything that is not a final status)
// means the far end could not be reached: DESTINATION_OUT_OF_ORDER (27 →
// 502), our choice, since sofia-sip's 9xx have no FreeSWITCH table entry.
causes::HangupCause cause_of_failure(int status, std::optional<int> q850, bool ignore_q850_reason) noexcept;

// The cause of a BYE: the Reason's Q.850 cause, else NORMAL_CLEARING.
causes::HangupCause cause_of_bye(std::optional<int> q850, bool ignore_q850_reason) noexcept;

// The status an unanswered A leg is refused with (§3.3.4): the last B leg's
// remote status (`sip:NNN` pass-through) unless sip_ignore_remote_cause,
// else the cause's SIP mapping. Never outside 300-699.
int refusal_status(causes::HangupCause cause, std::optional<int> last_remote_status,
                   bool ignore_remote_cause) noexcept;

// The status the offerer of a relayed re-INVITE/UPDATE hears when the other
// leg answered `status`. A 408 or 481 ends the dialog or usage that received
// it (RFC 5057) and a 9xx is the stack's own failure to send: neither says
// anything about the offerer's dialog, which stays up, so it hears 500.
int relayed_offer_status(int status) noexcept;

// The Reason header value for BYE / CANCEL / error responses (§3.3.5):
// LOSE_RACE and PICKED_OFF → SIP;cause=200;text="Call completed elsewhere";
// causes 1-127 → Q.850;cause=N;text="NAME"; others SIP;cause=N;text="NAME".
// "" when disable_q850_reason is set.
std::string reason_header(causes::HangupCause cause, bool disabled);

}  // namespace ctib::call
