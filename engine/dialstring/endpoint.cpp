#include "engine/dialstring/endpoint.hpp"

#include <array>
#include <utility>

#include "engine/dialstring/sip_uri.hpp"

namespace ctib::dialstring {

namespace {

using causes::HangupCause;
using EndpointParser = DialTarget (*)(std::string_view data);

struct Endpoint {
  std::string_view name;
  EndpointParser parse;  // nullptr: a FreeSWITCH module we do not implement
};

// FreeSWITCH looks endpoint names up case-sensitively
// (switch_loadable_module_get_endpoint_interface).
constexpr std::array kEndpoints = {
    Endpoint{"sofia", parse_sofia},  Endpoint{"user", parse_user},       Endpoint{"error", parse_error},
    Endpoint{"loopback", nullptr},   Endpoint{"group", nullptr},         Endpoint{"pickup", nullptr},
    Endpoint{"null", nullptr},       Endpoint{"verto.rtc", nullptr},     Endpoint{"rtc", nullptr},
    Endpoint{"skinny", nullptr},     Endpoint{"freetdm", nullptr},       Endpoint{"portaudio", nullptr},
    Endpoint{"rtmp", nullptr},       Endpoint{"opal", nullptr},          Endpoint{"gsmopen", nullptr},
};

const Endpoint* find_endpoint(std::string_view name) noexcept {
  for (const Endpoint& e : kEndpoints) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace

FailTarget fail(causes::HangupCause cause, std::string detail) { return FailTarget{cause, std::move(detail)}; }

DialTarget make_target(std::string_view leg_text) {
  const std::size_t slash = leg_text.find('/');
  const std::string_view name = leg_text.substr(0, slash);
  const std::string_view data = slash == std::string_view::npos ? std::string_view{} : leg_text.substr(slash + 1);
  const Endpoint* endpoint = find_endpoint(name);
  if (endpoint == nullptr) {
    // switch_core_session_outgoing_channel(): "Could not locate channel type".
    if (name.empty()) return fail(HangupCause::CHAN_NOT_IMPLEMENTED, "empty leg: no endpoint");
    return fail(HangupCause::CHAN_NOT_IMPLEMENTED, "unknown endpoint '" + std::string(name) + "'");
  }
  if (endpoint->parse == nullptr) {
    return fail(HangupCause::CHAN_NOT_IMPLEMENTED, "endpoint '" + std::string(name) + "' is not implemented");
  }
  return endpoint->parse(data);
}

// user_outgoing_channel(): ext[@domain]; a user the directory cannot have is
// SUBSCRIBER_ABSENT, the cause FreeSWITCH gives when the lookup fails.
DialTarget parse_user(std::string_view data) {
  UserTarget target;
  const std::size_t at = data.find('@');
  target.user.assign(data.substr(0, at));
  if (at != std::string_view::npos) {
    target.domain.assign(data.substr(at + 1));
    if (target.domain.empty()) return fail(HangupCause::SUBSCRIBER_ABSENT, "user/: empty domain after '@'");
  }
  if (target.user.empty()) return fail(HangupCause::SUBSCRIBER_ABSENT, "user/: empty user");
  if (has_forbidden_uri_byte(data)) {
    return fail(HangupCause::SUBSCRIBER_ABSENT, "user/: control character or space in '" + std::string(data) + "'");
  }
  return target;
}

// error_outgoing_channel(): the cause by name or number; NONE would mean
// success, so FreeSWITCH turns it into DESTINATION_OUT_OF_ORDER.
DialTarget parse_error(std::string_view data) {
  HangupCause cause = causes::str2cause(data);
  if (cause == HangupCause::NONE) cause = HangupCause::DESTINATION_OUT_OF_ORDER;
  return fail(cause, "error/" + std::string(data));
}

}  // namespace ctib::dialstring
