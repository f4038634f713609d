#pragma once
// A blind transfer's routing request (docs/protocol.md §2.1.1, decision
// 0015): the same call uuid asked for again, with `transferor`. Decided
// here as a privacy platform must (decision 0027): the transfer reaches
// exactly whom the transferred party could reach by dialling the target
// itself — a middle number with a live binding of the call's own tenant
// that routes the transferred party — shown as that binding's middle
// number. A real number, an unbound middle number or another tenant's
// number is refused, and the engine then refuses only the transfer (the
// call goes on). The call keeps its one record: the transfer is written
// into it (transferred_to, transfer_time) and nothing else of it changes.
//
// Threads: the API's worker threads (services and sessions only).

#include <string>

#include "numbers/api/context.hpp"
#include "numbers/model/route.hpp"
#include "numbers/model/types.hpp"

namespace ctib::numbers::api {

// The answer to a refused transfer: the referrer's final NOTIFY carries 403
// (sipcode), the cause is FreeSWITCH's for a refusal.
inline constexpr std::string_view kTransferRefusedJson =
    R"({"dial":{"cause":"CALL_REJECTED","sipcode":403,"type":"hangup"}})";

// `transferor`: the side that sent the REFER (the other one is transferred).
// `target`: the Refer-To user, canonical E.164, "" when it is not a number.
// A decision with a dial when the transfer may go there (and it was
// recorded); else no dial and the reason, for the log.
model::RouteDecision decide_transfer(const Context& c, const std::string& uuid, model::ReleaseSide transferor,
                                     const std::string& target);

}  // namespace ctib::numbers::api
