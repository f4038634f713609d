#include <array>
#include <string>

#include "engine/dialstring/parse.hpp"
#include "engine/routing/answer_fields.hpp"
#include "libs/base/text.hpp"

namespace ctib::routing::detail {

namespace {

using Kind = AnswerError::Kind;

struct DialDecoder {
  std::string_view type;
  Decoded<Dial> (*decode)(const Json& dial, const DialContext& context);
};
constexpr std::array<DialDecoder, 6> kDialDecoders{{
    {"gateway", &decode_gateway},
    {"user", &decode_user},
    {"ip", &decode_ip},
    {"dialstring", &decode_dialstring},
    {"hangup", &decode_hangup},
    {"play_and_get_digits", &decode_play_and_get_digits},
}};

std::string known_types() {
  std::string list;
  for (const auto& row : kDialDecoders) {
    if (!list.empty()) list += ", ";
    list += row.type;
  }
  return list;
}

Decoded<std::string> required_number(const Json& dial, std::string_view name) {
  auto number = number_like_field(dial, name);
  if (!number) return base::unexpected(number.error());
  if (!*number) return base::unexpected(missing_field(dial, name));
  return std::move(**number);
}

}  // namespace

Decoded<Dial> decode_dial(const Json& dial, const DialContext& context) {
  const auto type = dial.find("type");
  if (type == dial.end()) {
    return base::unexpected(
        answer_error(Kind::MissingDialType, "dial.type: missing, expected one of " + known_types()));
  }
  if (!type->is_string()) {
    return base::unexpected(answer_error(Kind::WrongFieldType, "dial.type: found " + describe(*type) +
                                                                   ", expected a string, one of " + known_types()));
  }
  // Case is forgiven ("Gateway"): nothing else could be meant.
  const auto& text = type->get_ref<const std::string&>();
  for (const auto& row : kDialDecoders) {
    if (base::iequals(row.type, text)) return row.decode(dial, context);
  }
  return base::unexpected(answer_error(Kind::UnknownDialType, "dial.type: " + describe(*type) +
                                                                  " is not one of " + known_types()));
}

Decoded<Dial> decode_gateway(const Json& dial, const DialContext& /*context*/) {
  auto gateway = text_field(dial, "gateway");
  if (!gateway) return base::unexpected(gateway.error());
  auto number = required_number(dial, "number");
  if (!number) return base::unexpected(number.error());
  return Dial(GatewayDial{std::move(*gateway), std::move(*number)});
}

// `number` is optional here: user/<ext> needs only the extension; the number,
// when given, is the To user FreeSWITCH's cti_bridge puts on the INVITE.
Decoded<Dial> decode_user(const Json& dial, const DialContext& /*context*/) {
  auto user = required_number(dial, "user");
  if (!user) return base::unexpected(user.error());
  auto number = number_like_field(dial, "number");
  if (!number) return base::unexpected(number.error());
  return Dial(UserDial{std::move(*user), number->value_or("")});
}

Decoded<Dial> decode_ip(const Json& dial, const DialContext& /*context*/) {
  auto ip = text_field(dial, "ip");
  if (!ip) return base::unexpected(ip.error());
  auto address = parse_host_port(*ip);
  if (!address) {
    return base::unexpected(answer_error(Kind::BadIp, "dial.ip: " + describe(Json(*ip)) + " is not host[:port]: " +
                                                          address.error()));
  }
  auto number = required_number(dial, "number");
  if (!number) return base::unexpected(number.error());
  auto profile = text_field(dial, "sofia");
  if (!profile) return base::unexpected(profile.error());
  return Dial(IpDial{std::move(address->host), address->port, std::move(address->params), std::move(*number),
                     std::move(*profile)});
}

// The answer's variables are set on the A-leg, where FreeSWITCH also looks
// for origination_nested_vars.
Decoded<Dial> decode_dialstring(const Json& dial, const DialContext& context) {
  auto text = text_field(dial, "dialstring");
  if (!text) return base::unexpected(text.error());
  dialstring::ParseOptions options;
  options.origination_nested_vars = context.variables.flag("origination_nested_vars");
  auto plan = dialstring::parse(*text, options);
  if (!plan) {
    return base::unexpected(answer_error(Kind::BadDialstring, "dial.dialstring: " + plan.error().message +
                                                                  " at byte " + std::to_string(plan.error().position) +
                                                                  " of " + describe(Json(*text))));
  }
  return Dial(DialstringDial{std::move(*text), std::move(*plan)});
}

}  // namespace ctib::routing::detail
