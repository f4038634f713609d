#pragma once
// What the engine sends to the cti_bridge interface (cti-bridge-protocol §2,
// §5): the routing request and the call-progress notifications, built as
// plain HttpRequest values. No I/O here: the engine's HTTP client sends them.
//
// Every request is an ordered list of name=value parameters. GET appends them
// to the configured URL (`?` or `&`), percent-encoded; POST sends the same
// names and values as a flat JSON object of strings, URL unchanged. The
// orders below are fixed and documented in docs/protocol.md.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/causes/hangup_cause.hpp"
#include "engine/routing/invocation.hpp"
#include "libs/signing/signature.hpp"

namespace ctib::routing {

struct HttpRequest {
  HttpMethod method = HttpMethod::Get;
  std::string url;
  std::string body;          // "" for GET
  std::string content_type;  // "" for GET, "application/json" for POST
  // The route's key id ("" = unsigned). The request is signed when it is
  // sent (sign_request), not when it is built, so every retry of a spooled
  // hangup carries a fresh timestamp.
  std::string key_id;
  friend bool operator==(const HttpRequest&, const HttpRequest&) = default;
};

enum class Action { Request, Ring, Progress, Answer, Hangup };

struct ActionName {
  Action action;
  std::string_view name;
};
inline constexpr std::array<ActionName, 5> kActionNames{{
    {Action::Request, "request"},
    {Action::Ring, "ring"},
    {Action::Progress, "progress"},
    {Action::Answer, "answer"},
    {Action::Hangup, "hangup"},
}};

// The wire name ("request", "ring", ...).
constexpr std::string_view name(Action a) noexcept {
  for (const auto& row : kActionNames) {
    if (row.action == a) return row.name;
  }
  return "unknown";
}

// The inbound call as the routing request describes it (§2). Strings are sent
// as they are; empty ones are still sent (as `name=`), so the interface sees
// every parameter on every request.
// What a transfer's routing request adds (decision 0015, docs/protocol.md
// §2.1.1): the REFER's target and who sent it.
struct TransferInfo {
  std::string destination_number;  // replaces the call's: the Refer-To user
  std::string refer_to;            // sip_refer_to: the Refer-To URI as received
  std::string referred_by;         // sip_referred_by: the Referred-By header, or ""
  std::string transferor;          // "caller" or "callee": the side that sent the REFER
  std::string source;              // transfer_source: "<epoch>:<uuid>:bl_xfer:<user>/cti_bridge/<profile>"
};

// What a play_and_get_digits round adds to the next routing request
// (docs/protocol.md §2.1.2): `<var_name>=<digits>` and read_result.
struct DigitsInfo {
  std::string var_name;     // the answer's var_name (default ctib_digits)
  std::string digits;       // the valid digits; "" unless read_result is success
  std::string read_result;  // FreeSWITCH's read_result: success, timeout or failure
  friend bool operator==(const DigitsInfo&, const DigitsInfo&) = default;
};

struct CallInfo {
  std::string uuid;  // inbound leg UUID, RFC 4122 text; the same for every notification
  std::string caller_id_number;
  std::string caller_id_name;
  std::string destination_number;
  std::string network_addr;  // source IP of the INVITE
  std::uint16_t network_port = 0;
  std::string profile;  // name of the listening profile
  std::string sip_call_id;
  std::string sip_from_user;
  std::string sip_from_host;
  std::string sip_to_user;
  std::string sip_req_user;
  std::string direction = "inbound";
  // Configured extra SIP headers, name without prefix ("X-Tenant") → value;
  // sent as sip_h_<name>, in this order, after the fixed parameters.
  std::vector<std::pair<std::string, std::string>> sip_headers;
  // The directory user the caller authenticated as (digest, auth-calls), and
  // its realm; both "" for unauthenticated calls, and then not sent.
  std::string sip_auth_username;
  std::string sip_auth_realm;
  // Only on a blind transfer's routing request; destination_number is then
  // the Refer-To user.
  std::optional<TransferInfo> transfer;
  // Only on the request after a play_and_get_digits round.
  std::optional<DigitsInfo> digits;
};

// Who ended the call, as `hangup_by` reports it.
enum class HangupBy { Caller, Callee, System };
std::string_view name(HangupBy by) noexcept;  // "caller" / "callee" / "system"

// Everything the hangup notification carries (§5). Epochs are whole seconds
// since 1970 (floored), and duration/billsec are differences of those whole
// seconds, as FreeSWITCH computes them.
struct HangupReport {
  std::string uuid;
  causes::HangupCause cause = causes::HangupCause::NORMAL_CLEARING;
  std::optional<int> sip_term_status;  // final SIP status of the call, if one was sent/received
  std::chrono::system_clock::time_point start;
  std::optional<std::chrono::system_clock::time_point> answer;  // unset: never answered
  std::chrono::system_clock::time_point end;
  std::string caller_id_number;
  std::string destination_number;
  std::string dialed;  // the target finally used ("sofia/gateway/gw/123"), "" if none
  HangupBy hangup_by = HangupBy::System;
  // The call's recording (docs/media.md "Recording"): sent only when set.
  std::string record_file;
  std::optional<std::chrono::milliseconds> record_ms;
};

// RFC 3986 percent-encoding: unreserved characters (A-Z a-z 0-9 - . _ ~) are
// kept, every other byte becomes %XX (upper-case hex); UTF-8 is encoded byte
// by byte. Space is %20, never '+'.
std::string percent_encode(std::string_view value);

// action=request plus every CallInfo field (§2).
HttpRequest build_route_request(const RouteConfig& config, const CallInfo& call);

// Notifications go to the route's URL with its method; the caller sends them
// only when config.notify is set (notify_type 1).
//
// action=ring|progress|answer: uuid, caller_id_number, destination_number.
// `action` must be Ring, Progress or Answer (Request and Hangup have their
// own builders above and below).
HttpRequest build_progress_notification(const RouteConfig& config, Action action, const CallInfo& call);

// action=hangup with every field of §5.
HttpRequest build_hangup_notification(const RouteConfig& config, const HangupReport& report);

// The signature headers (docs/protocol.md §6) of `request` signed with `key`
// at `unix_seconds`, as (name, value) pairs in the order X-CTIB-Timestamp,
// X-CTIB-Key-Id, X-CTIB-Signature. One SHA-256 of the body and one HMAC.
std::vector<std::pair<std::string, std::string>> sign_request(const HttpRequest& request,
                                                              const signing::SigningKey& key,
                                                              std::int64_t unix_seconds);

}  // namespace ctib::routing
