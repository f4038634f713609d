#include <string>

#include "engine/routing/params.hpp"
#include "engine/routing/request.hpp"

namespace ctib::routing {

// The order is part of the protocol documentation (docs/protocol.md §2):
// interfaces that log or sign the raw query see it stable across releases.
HttpRequest build_route_request(const RouteConfig& config, const CallInfo& call) {
  detail::Params params{
      {"action", std::string(name(Action::Request))},
      {"uuid", call.uuid},
      {"caller_id_number", call.caller_id_number},
      {"caller_id_name", call.caller_id_name},
      {"destination_number", call.destination_number},
      {"network_addr", call.network_addr},
      {"network_port", std::to_string(call.network_port)},
      {"profile", call.profile},
      {"sip_call_id", call.sip_call_id},
      {"sip_from_user", call.sip_from_user},
      {"sip_from_host", call.sip_from_host},
      {"sip_to_user", call.sip_to_user},
      {"sip_req_user", call.sip_req_user},
      {"direction", call.direction},
  };
  for (const auto& [header, value] : call.sip_headers) params.emplace_back("sip_h_" + header, value);
  // Only for a caller who authenticated by digest (auth-calls), last so the
  // order of the parameters above never changes.
  if (!call.sip_auth_username.empty()) {
    params.emplace_back("sip_auth_username", call.sip_auth_username);
    params.emplace_back("sip_auth_realm", call.sip_auth_realm);
  }
  // A blind transfer's request (decision 0015): FreeSWITCH's variable names
  // where it has them, after everything a first request carries.
  if (call.transfer) {
    params.emplace_back("sip_refer_to", call.transfer->refer_to);
    params.emplace_back("sip_referred_by", call.transfer->referred_by);
    params.emplace_back("transfer_source", call.transfer->source);
    params.emplace_back("transferor", call.transfer->transferor);
  }
  // After play_and_get_digits (docs/protocol.md §2.1.2): the same request
  // again, the collected digits last.
  if (call.digits) {
    params.emplace_back(call.digits->var_name, call.digits->digits);
    params.emplace_back("read_result", call.digits->read_result);
  }
  return detail::encode_request(config, params);
}

}  // namespace ctib::routing
