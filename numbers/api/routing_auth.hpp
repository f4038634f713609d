#pragma once
// Who may use /v1/cti (docs/protocol.md §6, docs/numbers-service.md): a
// request signed with one of the accepted keys, or, unless signatures are
// required, the URL secret (?secret= or X-Routing-Secret) as FreeSWITCH's
// cti_bridge sends it. Signature headers that are present are always
// verified: a bad signature is refused even when the URL secret is right.

#include <optional>

#include "libs/http_server/message.hpp"
#include "numbers/api/context.hpp"

namespace ctib::numbers::api {

// nullopt when the request may go on; else the 401 to answer.
std::optional<http_server::Response> refuse_routing(const Context& c, const http_server::Request& r);

// For routing requests (action=request): nullopt the first time a signature
// is used within the replay window, a 401 "replayed" after. Unsigned
// requests pass (refuse_routing already decided about them). Notifications
// do not come here: see docs/protocol.md §6.
std::optional<http_server::Response> refuse_replay(const Context& c, const http_server::Request& r);

// Compares without an early exit, so response timing does not reveal how
// much of a guessed secret was right. An empty `expected` matches nothing.
bool same_secret(std::string_view given, std::string_view expected);

}  // namespace ctib::numbers::api
