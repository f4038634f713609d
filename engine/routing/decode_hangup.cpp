#include <string>

#include "engine/routing/answer_fields.hpp"
#include "libs/base/text.hpp"

namespace ctib::routing {

namespace {

using detail::answer_error;
using detail::Decoded;
using detail::describe;
using detail::Json;
using Kind = AnswerError::Kind;

constexpr int kMinSipcode = 400;
constexpr int kMaxSipcode = 699;

AnswerError unknown_cause(const std::string& shown) {
  return answer_error(Kind::UnknownCause, "dial.cause: " + shown +
                                              " is not a FreeSWITCH hangup cause (expected a name such as "
                                              "USER_BUSY or a number such as 17 or 809)");
}

// A name in any case, a Q.850 number, or a FreeSWITCH-specific number in
// either numbering (cti-bridge-protocol §4). Unknown is an error, never a
// silent NORMAL_CLEARING.
Decoded<std::optional<causes::HangupCause>> decode_cause(const Json& dial) {
  const auto it = dial.find("cause");
  if (it == dial.end()) return std::optional<causes::HangupCause>();
  std::optional<causes::HangupCause> cause;
  if (it->is_number_integer()) {
    cause = causes::from_number(it->get<long long>());
  } else if (it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    if (base::trim(text).empty()) return base::unexpected(answer_error(Kind::EmptyField, "dial.cause: is empty"));
    cause = causes::parse(text);
  } else {
    return base::unexpected(answer_error(Kind::WrongFieldType, "dial.cause: found " + describe(*it) +
                                                                   ", expected a cause name or number"));
  }
  if (!cause) return base::unexpected(unknown_cause(it->dump(-1, ' ', false, Json::error_handler_t::replace)));
  return cause;
}

// An integer, or a string holding one ("500" from a weakly typed interface).
Decoded<std::optional<int>> decode_sipcode(const Json& dial) {
  const auto it = dial.find("sipcode");
  if (it == dial.end()) return std::optional<int>();
  std::optional<long long> code;
  if (it->is_number_integer()) {
    code = it->get<long long>();
  } else if (it->is_string()) {
    code = base::parse_int(base::trim(it->get_ref<const std::string&>()));
  } else if (!it->is_number_float()) {
    return base::unexpected(answer_error(Kind::WrongFieldType, "dial.sipcode: found " + describe(*it) +
                                                                   ", expected an integer 400-699"));
  }
  if (!code) {
    return base::unexpected(
        answer_error(Kind::BadSipcode, "dial.sipcode: found " + describe(*it) + ", expected an integer 400-699"));
  }
  if (*code < kMinSipcode || *code > kMaxSipcode) {
    // The text as sent: a huge unsigned value does not survive the cast.
    const std::string shown = it->is_string() ? std::string(base::trim(it->get_ref<const std::string&>())) : it->dump();
    return base::unexpected(answer_error(Kind::BadSipcode, "dial.sipcode: " + shown + " is outside 400-699"));
  }
  return std::optional<int>(static_cast<int>(*code));
}

}  // namespace

int HangupDial::sip_status() const noexcept {
  if (sipcode) return *sipcode;
  return causes::to_sip(cause.value_or(causes::HangupCause::NORMAL_CLEARING));
}

causes::HangupCause HangupDial::recorded_cause() const noexcept {
  if (cause) return *cause;
  if (sipcode) return causes::from_sip(*sipcode);
  return causes::HangupCause::NORMAL_CLEARING;
}

namespace detail {

Decoded<Dial> decode_hangup(const Json& dial, const DialContext& /*context*/) {
  auto cause = decode_cause(dial);
  if (!cause) return base::unexpected(cause.error());
  auto sipcode = decode_sipcode(dial);
  if (!sipcode) return base::unexpected(sipcode.error());
  if (!*cause && !*sipcode) {
    return base::unexpected(
        answer_error(Kind::MissingField, "dial.cause: missing, dial.type hangup needs cause or sipcode (or both)"));
  }
  return Dial(HangupDial{*cause, *sipcode});
}

}  // namespace detail
}  // namespace ctib::routing
