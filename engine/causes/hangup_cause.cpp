#include "engine/causes/hangup_cause.hpp"

#include "libs/base/text.hpp"

namespace ctib::causes {

// Rows in enum order. SIP column: hangup_cause_to_sip() (mod_sofia.c);
// `true` marks its default branch.
const std::array<CauseInfo, kCauseCount> kCauseTable = {{
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

namespace {

struct SipToCause {
  int status;
  HangupCause cause;
};

// sofia_glue_sip_cause_to_freeswitch() (sofia_glue.c).
constexpr std::array<SipToCause, 44> kSipToCause = {{
    {200, HangupCause::NORMAL_CLEARING},
    {400, HangupCause::NORMAL_TEMPORARY_FAILURE},
    {401, HangupCause::CALL_REJECTED},
    {402, HangupCause::CALL_REJECTED},
    {403, HangupCause::CALL_REJECTED},
    {404, HangupCause::UNALLOCATED_NUMBER},
    {405, HangupCause::SERVICE_UNAVAILABLE},
    {406, HangupCause::SERVICE_NOT_IMPLEMENTED},
    {407, HangupCause::CALL_REJECTED},
    {408, HangupCause::RECOVERY_ON_TIMER_EXPIRE},
    {410, HangupCause::NUMBER_CHANGED},
    {413, HangupCause::INTERWORKING},
    {414, HangupCause::INTERWORKING},
    {415, HangupCause::SERVICE_NOT_IMPLEMENTED},
    {416, HangupCause::INTERWORKING},
    {420, HangupCause::INTERWORKING},
    {421, HangupCause::INTERWORKING},
    {423, HangupCause::INTERWORKING},
    {428, HangupCause::NO_IDENTITY},
    {429, HangupCause::BAD_IDENTITY_INFO},
    {437, HangupCause::UNSUPPORTED_CERTIFICATE},
    {438, HangupCause::INVALID_IDENTITY},
    {480, HangupCause::NO_USER_RESPONSE},
    {481, HangupCause::NORMAL_TEMPORARY_FAILURE},
    {482, HangupCause::EXCHANGE_ROUTING_ERROR},
    {483, HangupCause::EXCHANGE_ROUTING_ERROR},
    {484, HangupCause::INVALID_NUMBER_FORMAT},
    {485, HangupCause::NO_ROUTE_DESTINATION},
    {486, HangupCause::USER_BUSY},
    {487, HangupCause::ORIGINATOR_CANCEL},
    {488, HangupCause::INCOMPATIBLE_DESTINATION},
    {500, HangupCause::NORMAL_TEMPORARY_FAILURE},
    {501, HangupCause::SERVICE_NOT_IMPLEMENTED},
    {502, HangupCause::NETWORK_OUT_OF_ORDER},
    {503, HangupCause::NORMAL_TEMPORARY_FAILURE},
    {504, HangupCause::RECOVERY_ON_TIMER_EXPIRE},
    {505, HangupCause::INTERWORKING},
    {513, HangupCause::INTERWORKING},
    {600, HangupCause::USER_BUSY},
    {603, HangupCause::CALL_REJECTED},
    {604, HangupCause::NO_ROUTE_DESTINATION},
    {606, HangupCause::INCOMPATIBLE_DESTINATION},
    {607, HangupCause::UNWANTED},
    {608, HangupCause::CALL_REJECTED},
}};

const CauseInfo* find(HangupCause c) noexcept {
  for (const auto& row : kCauseTable) {
    if (row.cause == c) return &row;
  }
  return nullptr;
}

}  // namespace

std::string_view name(HangupCause c) noexcept {
  const CauseInfo* row = find(c);
  return row ? row->name : std::string_view("UNKNOWN");
}

int q850(HangupCause c) noexcept {
  const int n = number(c);
  return n <= 127 ? n : number(HangupCause::NORMAL_CLEARING);
}

int to_sip(HangupCause c) noexcept {
  const CauseInfo* row = find(c);
  return row ? row->sip : 480;
}

HangupCause from_sip(int status) noexcept {
  for (const auto& row : kSipToCause) {
    if (row.status == status) return row.cause;
  }
  return HangupCause::NORMAL_UNSPECIFIED;
}

std::optional<HangupCause> from_number(long long n) noexcept {
  // The older FreeSWITCH numbering of the cti_bridge document: the two ranges
  // do not overlap with 1.10's, so both are accepted.
  if (n >= 500 && n <= 503) n += 200;
  if (n >= 600 && n <= 613) n += 200;
  for (const auto& row : kCauseTable) {
    if (number(row.cause) == n) return row.cause;
  }
  return std::nullopt;
}

std::optional<HangupCause> from_name(std::string_view text) noexcept {
  for (const auto& row : kCauseTable) {
    if (base::iequals(row.name, text)) return row.cause;
  }
  return std::nullopt;
}

std::optional<HangupCause> parse(std::string_view text) noexcept {
  text = base::trim(text);
  if (!text.empty() && text.front() >= '0' && text.front() <= '9') {
    auto n = base::parse_int(text);
    if (!n) return std::nullopt;
    return from_number(*n);
  }
  return from_name(text);
}

HangupCause str2cause(std::string_view text) noexcept {
  return parse(text).value_or(HangupCause::NORMAL_CLEARING);
}

}  // namespace ctib::causes
