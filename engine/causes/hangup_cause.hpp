#pragma once
// FreeSWITCH 1.10 hangup causes (switch_call_cause_t) and their SIP mappings,
// as constexpr tables (freeswitch-semantics §3). Names are FreeSWITCH's, so
// log lines and notifications read the same as a FreeSWITCH user expects.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ctib::causes {

// NOLINTBEGIN(readability-identifier-naming): FreeSWITCH's names, verbatim.
enum class HangupCause : std::uint16_t {
  NONE = 0,
  UNALLOCATED_NUMBER = 1,
  NO_ROUTE_TRANSIT_NET = 2,
  NO_ROUTE_DESTINATION = 3,
  CHANNEL_UNACCEPTABLE = 6,
  CALL_AWARDED_DELIVERED = 7,
  NORMAL_CLEARING = 16,
  USER_BUSY = 17,
  NO_USER_RESPONSE = 18,
  NO_ANSWER = 19,
  SUBSCRIBER_ABSENT = 20,
  CALL_REJECTED = 21,
  NUMBER_CHANGED = 22,
  REDIRECTION_TO_NEW_DESTINATION = 23,
  EXCHANGE_ROUTING_ERROR = 25,
  DESTINATION_OUT_OF_ORDER = 27,
  INVALID_NUMBER_FORMAT = 28,
  FACILITY_REJECTED = 29,
  RESPONSE_TO_STATUS_ENQUIRY = 30,
  NORMAL_UNSPECIFIED = 31,
  NORMAL_CIRCUIT_CONGESTION = 34,
  NETWORK_OUT_OF_ORDER = 38,
  NORMAL_TEMPORARY_FAILURE = 41,
  SWITCH_CONGESTION = 42,
  ACCESS_INFO_DISCARDED = 43,
  REQUESTED_CHAN_UNAVAIL = 44,
  PRE_EMPTED = 45,
  FACILITY_NOT_SUBSCRIBED = 50,
  OUTGOING_CALL_BARRED = 52,
  INCOMING_CALL_BARRED = 54,
  BEARERCAPABILITY_NOTAUTH = 57,
  BEARERCAPABILITY_NOTAVAIL = 58,
  SERVICE_UNAVAILABLE = 63,
  BEARERCAPABILITY_NOTIMPL = 65,
  CHAN_NOT_IMPLEMENTED = 66,
  FACILITY_NOT_IMPLEMENTED = 69,
  SERVICE_NOT_IMPLEMENTED = 79,
  INVALID_CALL_REFERENCE = 81,
  INCOMPATIBLE_DESTINATION = 88,
  INVALID_MSG_UNSPECIFIED = 95,
  MANDATORY_IE_MISSING = 96,
  MESSAGE_TYPE_NONEXIST = 97,
  WRONG_MESSAGE = 98,
  IE_NONEXIST = 99,
  INVALID_IE_CONTENTS = 100,
  WRONG_CALL_STATE = 101,
  RECOVERY_ON_TIMER_EXPIRE = 102,
  MANDATORY_IE_LENGTH_ERROR = 103,
  PROTOCOL_ERROR = 111,
  INTERWORKING = 127,
  SUCCESS = 142,
  ORIGINATOR_CANCEL = 487,
  CRASH = 700,
  SYSTEM_SHUTDOWN = 701,
  LOSE_RACE = 702,
  MANAGER_REQUEST = 703,
  BLIND_TRANSFER = 800,
  ATTENDED_TRANSFER = 801,
  ALLOTTED_TIMEOUT = 802,
  USER_CHALLENGE = 803,
  MEDIA_TIMEOUT = 804,
  PICKED_OFF = 805,
  USER_NOT_REGISTERED = 806,
  PROGRESS_TIMEOUT = 807,
  INVALID_GATEWAY = 808,
  GATEWAY_DOWN = 809,
  INVALID_URL = 810,
  INVALID_PROFILE = 811,
  NO_PICKUP = 812,
  SRTP_READ_ERROR = 813,
  BOWOUT = 814,
  BUSY_EVERYWHERE = 815,
  DECLINE = 816,
  DOES_NOT_EXIST_ANYWHERE = 817,
  NOT_ACCEPTABLE = 818,
  UNWANTED = 819,
  NO_IDENTITY = 820,
  BAD_IDENTITY_INFO = 821,
  UNSUPPORTED_CERTIFICATE = 822,
  INVALID_IDENTITY = 823,
  STALE_DATE = 824,
  REJECT_ALL = 825,
};
// NOLINTEND(readability-identifier-naming)

// One row of FreeSWITCH's CAUSE_CHART plus mod_sofia's hangup_cause_to_sip().
struct CauseInfo {
  HangupCause cause;
  std::string_view name;
  // SIP status an unanswered inbound leg is refused with for this cause.
  int sip;
  // True where hangup_cause_to_sip() reaches its default branch (480).
  bool sip_is_default;
};

inline constexpr int kCauseCount = 82;

// Rows in enum order. SIP column: hangup_cause_to_sip() (mod_sofia.c);
// `true` marks its default branch.
inline constexpr std::array<CauseInfo, kCauseCount> kCauseTable = {{
    {HangupCause::NONE, "NONE", 480, true},
    {HangupCause::UNALLOCATED_NUMBER, "UNALLOCATED_NUMBER", 404, false},
    {HangupCause::NO_ROUTE_TRANSIT_NET, "NO_ROUTE_TRANSIT_NET", 404, false},
    {HangupCause::NO_ROUTE_DESTINATION, "NO_ROUTE_DESTINATION", 404, false},
    {HangupCause::CHANNEL_UNACCEPTABLE, "CHANNEL_UNACCEPTABLE", 480, true},
    {HangupCause::CALL_AWARDED_DELIVERED, "CALL_AWARDED_DELIVERED", 480, true},
    {HangupCause::NORMAL_CLEARING, "NORMAL_CLEARING", 480, true},
    {HangupCause::USER_BUSY, "USER_BUSY", 486, false},
    {HangupCause::NO_USER_RESPONSE, "NO_USER_RESPONSE", 408, false},
    {HangupCause::NO_ANSWER, "NO_ANSWER", 480, false},
    {HangupCause::SUBSCRIBER_ABSENT, "SUBSCRIBER_ABSENT", 480, false},
    {HangupCause::CALL_REJECTED, "CALL_REJECTED", 603, false},
    {HangupCause::NUMBER_CHANGED, "NUMBER_CHANGED", 410, false},
    {HangupCause::REDIRECTION_TO_NEW_DESTINATION, "REDIRECTION_TO_NEW_DESTINATION", 410, false},
    {HangupCause::EXCHANGE_ROUTING_ERROR, "EXCHANGE_ROUTING_ERROR", 483, false},
    {HangupCause::DESTINATION_OUT_OF_ORDER, "DESTINATION_OUT_OF_ORDER", 502, false},
    {HangupCause::INVALID_NUMBER_FORMAT, "INVALID_NUMBER_FORMAT", 484, false},
    {HangupCause::FACILITY_REJECTED, "FACILITY_REJECTED", 501, false},
    {HangupCause::RESPONSE_TO_STATUS_ENQUIRY, "RESPONSE_TO_STATUS_ENQUIRY", 480, true},
    {HangupCause::NORMAL_UNSPECIFIED, "NORMAL_UNSPECIFIED", 480, false},
    {HangupCause::NORMAL_CIRCUIT_CONGESTION, "NORMAL_CIRCUIT_CONGESTION", 503, false},
    {HangupCause::NETWORK_OUT_OF_ORDER, "NETWORK_OUT_OF_ORDER", 503, false},
    {HangupCause::NORMAL_TEMPORARY_FAILURE, "NORMAL_TEMPORARY_FAILURE", 503, false},
    {HangupCause::SWITCH_CONGESTION, "SWITCH_CONGESTION", 503, false},
    {HangupCause::ACCESS_INFO_DISCARDED, "ACCESS_INFO_DISCARDED", 480, true},
    {HangupCause::REQUESTED_CHAN_UNAVAIL, "REQUESTED_CHAN_UNAVAIL", 503, false},
    {HangupCause::PRE_EMPTED, "PRE_EMPTED", 480, true},
    {HangupCause::FACILITY_NOT_SUBSCRIBED, "FACILITY_NOT_SUBSCRIBED", 480, true},
    {HangupCause::OUTGOING_CALL_BARRED, "OUTGOING_CALL_BARRED", 403, false},
    {HangupCause::INCOMING_CALL_BARRED, "INCOMING_CALL_BARRED", 403, false},
    {HangupCause::BEARERCAPABILITY_NOTAUTH, "BEARERCAPABILITY_NOTAUTH", 403, false},
    {HangupCause::BEARERCAPABILITY_NOTAVAIL, "BEARERCAPABILITY_NOTAVAIL", 503, false},
    {HangupCause::SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", 480, true},
    {HangupCause::BEARERCAPABILITY_NOTIMPL, "BEARERCAPABILITY_NOTIMPL", 488, false},
    {HangupCause::CHAN_NOT_IMPLEMENTED, "CHAN_NOT_IMPLEMENTED", 480, true},
    {HangupCause::FACILITY_NOT_IMPLEMENTED, "FACILITY_NOT_IMPLEMENTED", 501, false},
    {HangupCause::SERVICE_NOT_IMPLEMENTED, "SERVICE_NOT_IMPLEMENTED", 501, false},
    {HangupCause::INVALID_CALL_REFERENCE, "INVALID_CALL_REFERENCE", 480, true},
    {HangupCause::INCOMPATIBLE_DESTINATION, "INCOMPATIBLE_DESTINATION", 488, false},
    {HangupCause::INVALID_MSG_UNSPECIFIED, "INVALID_MSG_UNSPECIFIED", 480, true},
    {HangupCause::MANDATORY_IE_MISSING, "MANDATORY_IE_MISSING", 480, true},
    {HangupCause::MESSAGE_TYPE_NONEXIST, "MESSAGE_TYPE_NONEXIST", 480, true},
    {HangupCause::WRONG_MESSAGE, "WRONG_MESSAGE", 480, true},
    {HangupCause::IE_NONEXIST, "IE_NONEXIST", 480, true},
    {HangupCause::INVALID_IE_CONTENTS, "INVALID_IE_CONTENTS", 480, true},
    {HangupCause::WRONG_CALL_STATE, "WRONG_CALL_STATE", 480, true},
    {HangupCause::RECOVERY_ON_TIMER_EXPIRE, "RECOVERY_ON_TIMER_EXPIRE", 504, false},
    {HangupCause::MANDATORY_IE_LENGTH_ERROR, "MANDATORY_IE_LENGTH_ERROR", 480, true},
    {HangupCause::PROTOCOL_ERROR, "PROTOCOL_ERROR", 480, true},
    {HangupCause::INTERWORKING, "INTERWORKING", 480, true},
    {HangupCause::SUCCESS, "SUCCESS", 480, true},
    {HangupCause::ORIGINATOR_CANCEL, "ORIGINATOR_CANCEL", 487, false},
    {HangupCause::CRASH, "CRASH", 480, true},
    {HangupCause::SYSTEM_SHUTDOWN, "SYSTEM_SHUTDOWN", 480, true},
    {HangupCause::LOSE_RACE, "LOSE_RACE", 480, true},
    {HangupCause::MANAGER_REQUEST, "MANAGER_REQUEST", 480, true},
    {HangupCause::BLIND_TRANSFER, "BLIND_TRANSFER", 480, true},
    {HangupCause::ATTENDED_TRANSFER, "ATTENDED_TRANSFER", 480, true},
    {HangupCause::ALLOTTED_TIMEOUT, "ALLOTTED_TIMEOUT", 480, true},
    {HangupCause::USER_CHALLENGE, "USER_CHALLENGE", 480, true},
    {HangupCause::MEDIA_TIMEOUT, "MEDIA_TIMEOUT", 480, true},
    {HangupCause::PICKED_OFF, "PICKED_OFF", 480, true},
    {HangupCause::USER_NOT_REGISTERED, "USER_NOT_REGISTERED", 480, true},
    {HangupCause::PROGRESS_TIMEOUT, "PROGRESS_TIMEOUT", 480, true},
    {HangupCause::INVALID_GATEWAY, "INVALID_GATEWAY", 484, false},
    {HangupCause::GATEWAY_DOWN, "GATEWAY_DOWN", 503, false},
    {HangupCause::INVALID_URL, "INVALID_URL", 484, false},
    {HangupCause::INVALID_PROFILE, "INVALID_PROFILE", 502, false},
    {HangupCause::NO_PICKUP, "NO_PICKUP", 480, true},
    {HangupCause::SRTP_READ_ERROR, "SRTP_READ_ERROR", 480, true},
    {HangupCause::BOWOUT, "BOWOUT", 480, true},
    {HangupCause::BUSY_EVERYWHERE, "BUSY_EVERYWHERE", 600, false},
    {HangupCause::DECLINE, "DECLINE", 603, false},
    {HangupCause::DOES_NOT_EXIST_ANYWHERE, "DOES_NOT_EXIST_ANYWHERE", 604, false},
    {HangupCause::NOT_ACCEPTABLE, "NOT_ACCEPTABLE", 606, false},
    {HangupCause::UNWANTED, "UNWANTED", 607, false},
    {HangupCause::NO_IDENTITY, "NO_IDENTITY", 428, false},
    {HangupCause::BAD_IDENTITY_INFO, "BAD_IDENTITY_INFO", 429, false},
    {HangupCause::UNSUPPORTED_CERTIFICATE, "UNSUPPORTED_CERTIFICATE", 437, false},
    {HangupCause::INVALID_IDENTITY, "INVALID_IDENTITY", 438, false},
    {HangupCause::STALE_DATE, "STALE_DATE", 403, false},
    {HangupCause::REJECT_ALL, "REJECT_ALL", 603, false},
}};

constexpr int number(HangupCause c) noexcept { return static_cast<int>(c); }

// The cause name, e.g. "USER_BUSY"; "UNKNOWN" for a number not in the table
// (switch_channel_cause2str).
std::string_view name(HangupCause c) noexcept;

// Q.850 number as notifications report it: the cause if <= 127, else 16
// (switch_channel_cause_q850).
int q850(HangupCause c) noexcept;

// hangup_cause_to_sip(): the SIP status for refusing an unanswered inbound leg.
int to_sip(HangupCause c) noexcept;

// sofia_glue_sip_cause_to_freeswitch(): the cause of a leg that got this final
// SIP status. Unlisted statuses give NORMAL_UNSPECIFIED.
HangupCause from_sip(int status) noexcept;

// A known cause by FreeSWITCH 1.10 number, or by the older numbering the
// cti_bridge document uses (500-503 for 700-703, 600-613 for 800-813).
std::optional<HangupCause> from_number(long long n) noexcept;

// A known cause by name, any case.
std::optional<HangupCause> from_name(std::string_view name) noexcept;

// Strict parse for routing answers: a name (any case) or a decimal number in
// either numbering. Unknown input is nullopt, never a silent NORMAL_CLEARING.
std::optional<HangupCause> parse(std::string_view text) noexcept;

// switch_channel_str2cause() as the error/ endpoint uses it: a known name, or a
// known number; anything else is NORMAL_CLEARING. (FreeSWITCH atoi()s any
// digits; we keep the enum closed, so an unknown number is NORMAL_CLEARING too.)
HangupCause str2cause(std::string_view text) noexcept;

}  // namespace ctib::causes
