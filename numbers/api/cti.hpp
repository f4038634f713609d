#pragma once
// The cti_bridge endpoint (cti-bridge-protocol.md): the engine asks where a
// call goes (action=request) and reports its progress (ring, progress,
// answer, hangup) to the same URL. Each action has one handler in a
// constexpr table; GET (query parameters) and POST (a JSON object of the
// same fields) both arrive here as query parameters.
//
// Routing answers, for a call from `caller_id_number` to X
// (`destination_number`):
//   dial:    {"variables":{"origination_caller_id_number":"<X>",
//                           "origination_caller_id_name":"<X>",
//                           "sip_copy_custom_headers":"false", ...},
//             "dial":{"type":"gateway","gateway":"<gw of X>","number":"<B or A>"}}
//   refusal: {"dial":{"type":"hangup","cause":"UNALLOCATED_NUMBER"}}
// A decision whose shown caller id is not X is never returned.

#include "libs/http_server/message.hpp"
#include "numbers/api/context.hpp"

namespace ctib::numbers::api {

http_server::Response answer_cti(const Context& context, const http_server::Request& as_query);

// Channel variables the routing answer sets besides the caller id (ours,
// documented in docs/numbers-service.md).
inline constexpr std::string_view kRecordVariable = "ctib_record";              // "true" when the binding records
inline constexpr std::string_view kMaxDurationVariable = "ctib_max_duration";   // seconds after answer
inline constexpr std::string_view kBindingVariable = "ctib_binding_id";

}  // namespace ctib::numbers::api
