#pragma once
// Internal to ctib_routing: the pieces decode_answer() is made of. One
// function per field shape, so every dial type reports errors the same way:
// "<path>: found <what was there>, expected <what is needed>".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/routing/decision.hpp"
#include "libs/base/expected.hpp"

namespace ctib::routing::detail {

// Ordered, so variables keep the order the interface wrote them in.
using Json = nlohmann::ordered_json;

template <class T>
using Decoded = base::Expected<T, AnswerError>;

AnswerError answer_error(AnswerError::Kind kind, std::string message);

// A short, single-line description of a JSON value for error messages:
// `null`, `true`, `number 3.5`, `string "abc"` (long strings cut), `an array`.
std::string describe(const Json& value);

// MissingField for `dial.<name>`, naming the dial type that needs it.
AnswerError missing_field(const Json& dial, std::string_view name);

// Required string; "" and control characters are errors.
Decoded<std::string> text_field(const Json& dial, std::string_view name);

// A number as the protocol uses it (called number, extension): a string, or a
// JSON integer >= 0 turned into its decimal text. Absent → nullopt.
Decoded<std::optional<std::string>> number_like_field(const Json& dial, std::string_view name);

// Position of the first control character (< 0x20 or 0x7f), if any.
std::optional<std::size_t> find_control(std::string_view text) noexcept;

// The `ip` field: host[:port][;params], host an IPv4, [IPv6] or hostname.
struct HostPort {
  std::string host;
  std::optional<std::uint16_t> port;
  std::string params;
};
// nullopt and the reason on failure.
base::Expected<HostPort, std::string> parse_host_port(std::string_view text);

// What a dial decoder may need besides `dial` itself: the answer's
// variables (origination_nested_vars changes how a dial string parses).
struct DialContext {
  const Variables& variables;
};

// Decodes the `dial` object (already known to be an object).
Decoded<Dial> decode_dial(const Json& dial, const DialContext& context);

// Decoders of the individual dial types.
Decoded<Dial> decode_gateway(const Json& dial, const DialContext& context);
Decoded<Dial> decode_user(const Json& dial, const DialContext& context);
Decoded<Dial> decode_ip(const Json& dial, const DialContext& context);
Decoded<Dial> decode_dialstring(const Json& dial, const DialContext& context);
Decoded<Dial> decode_hangup(const Json& dial, const DialContext& context);
Decoded<Dial> decode_play_and_get_digits(const Json& dial, const DialContext& context);

}  // namespace ctib::routing::detail
