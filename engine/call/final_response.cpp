#include "engine/call/final_response.hpp"

namespace ctib::call {

using causes::HangupCause;

namespace {

std::optional<HangupCause> cause_of_q850(std::optional<int> q850, bool ignore) noexcept {
  if (!q850 || ignore) return std::nullopt;
  // from_number also accepts FreeSWITCH's own numbers (`Reason: FreeSWITCH;cause=`
  // is reported through the same field by the adapter).
  return causes::from_number(*q850);
}

}  // namespace

HangupCause cause_of_failure(int status, std::optional<int> q850, bool ignore_q850_reason) noexcept {
  if (!is_remote_final_status(status)) return HangupCause::DESTINATION_OUT_OF_ORDER;
  if (auto c = cause_of_q850(q850, ignore_q850_reason)) return *c;
  return causes::from_sip(status);
}

HangupCause cause_of_bye(std::optional<int> q850, bool ignore_q850_reason) noexcept {
  return cause_of_q850(q850, ignore_q850_reason).value_or(HangupCause::NORMAL_CLEARING);
}

int refusal_status(HangupCause cause, std::optional<int> last_remote_status, bool ignore_remote_cause) noexcept {
  if (!ignore_remote_cause && last_remote_status && is_remote_final_status(*last_remote_status)) {
    return *last_remote_status;
  }
  const int status = causes::to_sip(cause);
  return is_remote_final_status(status) ? status : 480;
}

std::string reason_header(HangupCause cause, bool disabled) {
  if (disabled) return {};
  if (cause == HangupCause::LOSE_RACE || cause == HangupCause::PICKED_OFF) {
    return R"(SIP;cause=200;text="Call completed elsewhere")";
  }
  const int n = causes::number(cause);
  const std::string proto = (n > 0 && n < 128) ? "Q.850" : "SIP";
  return proto + ";cause=" + std::to_string(n) + ";text=\"" + std::string(causes::name(cause)) + "\"";
}

int relayed_offer_status(int status) noexcept {
  if (status == 408 || status == 481 || status >= 700) return 500;
  return status;
}

}  // namespace ctib::call
