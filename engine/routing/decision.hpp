#pragma once
// The routing answer (cti-bridge-protocol §3) as typed values. decode_answer()
// is the only place that sees the interface's JSON; everything after it works
// on RouteDecision. docs/protocol.md lists what is accepted, exactly.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/causes/hangup_cause.hpp"
#include "engine/dialstring/plan.hpp"
#include "engine/digits/prompt.hpp"
#include "engine/variables/variables.hpp"
#include "libs/base/expected.hpp"

namespace ctib::routing {

using variables::Variables;

// dial.type = gateway: `number` through the configured gateway `gateway`.
struct GatewayDial {
  std::string gateway;
  std::string number;
  friend bool operator==(const GatewayDial&, const GatewayDial&) = default;
};

// dial.type = user: the registered contacts of extension `user`. `number`,
// when given, becomes the To user.
struct UserDial {
  std::string user;
  std::string number;
  friend bool operator==(const UserDial&, const UserDial&) = default;
};

// dial.type = ip: sip:<number>@<host>[:port][;params] from profile `profile`.
struct IpDial {
  std::string host;  // hostname, IPv4, or [IPv6] with brackets
  std::optional<std::uint16_t> port;
  std::string params;  // ";transport=tcp" after the address in `ip`, or ""
  std::string number;
  std::string profile;  // the answer's `sofia`
  friend bool operator==(const IpDial&, const IpDial&) = default;
};

// dial.type = dialstring: the text as the interface sent it, and its parse.
struct DialstringDial {
  std::string text;
  dialstring::DialPlan plan;
};

// dial.type = hangup: do not connect. At least one of the two is set.
struct HangupDial {
  std::optional<causes::HangupCause> cause;
  std::optional<int> sipcode;  // 400-699

  // What the caller receives: sipcode, else the cause's SIP mapping.
  [[nodiscard]] int sip_status() const noexcept;
  // What is recorded (hangup_cause): cause, else the SIP code's cause mapping.
  [[nodiscard]] causes::HangupCause recorded_cause() const noexcept;
  friend bool operator==(const HangupDial&, const HangupDial&) = default;
};

// dial.type = play_and_get_digits (our extension, docs/protocol.md §2.1.2):
// play a prompt to the caller, collect DTMF digits, then ask the interface
// again with them. Needs anchored media.
struct PlayAndGetDigitsDial {
  digits::PlayAndGetDigits prompt;
  friend bool operator==(const PlayAndGetDigitsDial&, const PlayAndGetDigitsDial&) = default;
};

using Dial = std::variant<GatewayDial, UserDial, IpDial, DialstringDial, HangupDial, PlayAndGetDigitsDial>;

struct RouteDecision {
  Variables variables;  // set on the A-leg and in `{}` of every dialled leg
  Dial dial;
};

struct AnswerError {
  enum class Kind {
    TooLarge,              // body above kMaxAnswerBytes
    NotJson,               // empty body or JSON syntax error
    TypographicQuotes,     // “ ” ‘ ’ where JSON needs ASCII quotes
    NotAnObject,           // top level is not {...}
    VariablesNotAnObject,  // `variables` is not an object
    BadVariableName,       // empty variable name
    BadVariableValue,      // null / object / array value, or a control character in it
    MissingDial,           // no `dial`
    DialNotAnObject,       // `dial` is not an object
    MissingDialType,       // no `dial.type`
    UnknownDialType,       // `dial.type` not one of gateway/user/ip/dialstring/hangup/play_and_get_digits
    MissingField,          // a field the dial type requires is absent
    WrongFieldType,        // a field has the wrong JSON type
    EmptyField,            // a required text field is ""
    BadText,               // a text field holds a control character
    BadSipcode,            // sipcode not an integer 400-699
    UnknownCause,          // cause not a FreeSWITCH hangup cause
    BadIp,                 // `ip` is not host[:port]
    BadDialstring,         // the dial string does not parse
    BadDigitsParameter,    // a play_and_get_digits parameter out of range, or a bad regexp/file
  };
  Kind kind;
  // One log line that says where, what was found and what was expected, e.g.
  // "dial.sipcode: 700 is outside 400-699".
  std::string message;
};

// "too_large", "not_json", ...: a stable label for metrics and tests.
std::string_view name(AnswerError::Kind kind) noexcept;

// Answers larger than this are refused unread: a routing answer is a few
// hundred bytes; 64 KiB leaves room for long dial strings and many variables
// while bounding the memory and time one call's answer can cost.
inline constexpr std::size_t kMaxAnswerBytes = 64 * 1024;

// Decodes a 2xx answer body. Never throws; every malformed body is an
// AnswerError. Unknown top-level members and unknown members of `dial` are
// ignored, so the interface can add fields before the engine knows them.
base::Expected<RouteDecision, AnswerError> decode_answer(std::string_view body);

// The dial plan the call core runs for a decision. Gateway, ip and user
// become one leg with a typed target (no dial string is formatted); a
// dialstring decision is its parsed plan. The decision's variables become the
// outermost `{}` of every branch: the dial string's own `{}`/`[]` win over
// them. A hangup decision becomes `error/<recorded_cause()>`; the call core
// should act on HangupDial itself so that `sipcode` reaches the caller. A
// play_and_get_digits decision has no plan (an empty one): the call core
// collects the digits and asks again.
dialstring::DialPlan to_plan(const RouteDecision& decision);

}  // namespace ctib::routing
