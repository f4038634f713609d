#include "engine/causes/hangup_cause.hpp"

#include "libs/base/text.hpp"

namespace ctib::causes {


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
