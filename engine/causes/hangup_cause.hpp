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
extern const std::array<CauseInfo, kCauseCount> kCauseTable;

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
