#pragma once
// The typed result of a FreeSWITCH dial string (freeswitch-semantics §1): what
// the call core dials. Routing answers of type gateway / user / ip build these
// targets directly; type dialstring gets them from parse().
//
//   DialPlan ── branches (`:_:` enterprise, run at the same time)
//     Branch ── groups (`|`, tried one after the other)
//       Group ── legs (`,`, rung in parallel)
//         Leg ── per-leg variables + one DialTarget

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/causes/hangup_cause.hpp"
#include "engine/variables/variables.hpp"

namespace ctib::dialstring {

using variables::Variables;

// A SIP URI as the engine sends it. `params` keeps the URI parameters
// verbatim, leading ';' included (";transport=tcp;user=phone").
struct SipUri {
  std::string scheme = "sip";  // "sip" or "sips"
  std::string user;
  std::string host;  // hostname, IPv4, or [IPv6]
  std::optional<std::uint16_t> port;
  std::string params;

  // The value of the transport parameter ("udp", "tcp", ...), lower case, or "".
  [[nodiscard]] std::string transport() const;
  // "sip:user@host:port;params"
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const SipUri&, const SipUri&) = default;
};

// sofia/gateway/<GW>/<number>[;params] and dial.type = gateway.
struct GatewayTarget {
  std::string gateway;
  std::string number;  // may itself hold user@host (then used as the whole R-URI)
  std::string params;  // ";a=b" appended to the R-URI and Contact, or ""
  std::string to_user;  // from `^to-user`, or ""
  friend bool operator==(const GatewayTarget&, const GatewayTarget&) = default;
};

// sofia/<profile>/<user>@<host>[:port][;params], sofia/<profile>/sip:<uri>,
// and dial.type = ip.
struct ProfileTarget {
  std::string profile;
  SipUri uri;
  std::string to_user;  // from `^to-user`, or ""
  friend bool operator==(const ProfileTarget&, const ProfileTarget&) = default;
};

// sofia/<profile>/<user> and sofia/<profile>/<user>%<domain>: ring the
// registrations of that user on that profile.
struct ProfileRegistrationTarget {
  std::string profile;
  std::string user;
  std::string domain;  // "" = the profile's domain
  std::string to_user;  // from `^to-user`, or ""
  friend bool operator==(const ProfileRegistrationTarget&, const ProfileRegistrationTarget&) = default;
};

// user/<ext>[@<domain>] and dial.type = user.
struct UserTarget {
  std::string user;
  std::string domain;  // "" = the default domain
  std::string to_user;  // dial.type=user's `number`: the To user, or ""
  friend bool operator==(const UserTarget&, const UserTarget&) = default;
};

// A leg that fails at creation, before any SIP is sent: error/<CAUSE>, an
// endpoint we do not implement (loopback/, group/ ... → CHAN_NOT_IMPLEMENTED),
// or endpoint data that cannot be dialled (INVALID_URL).
struct FailTarget {
  causes::HangupCause cause;
  std::string detail;  // for the log line: what was wrong
  friend bool operator==(const FailTarget&, const FailTarget&) = default;
};

using DialTarget =
    std::variant<GatewayTarget, ProfileTarget, ProfileRegistrationTarget, UserTarget, FailTarget>;

struct Leg {
  // `[]` variables of this leg only.
  Variables leg_vars;
  // The variables in force on this leg, merged from `<>`, `{}` and `[]` by
  // FreeSWITCH's rules (see merge_leg_variables()).
  Variables variables;
  DialTarget target;
  std::string text;  // the leg as written (endpoint/data), for logs and `dialed`
  // Variables FreeSWITCH would refuse to install on the channel because the
  // value still holds `${` ("Invalid data") and that no later scope set to a
  // usable value. They are absent from `variables`; the core logs them with
  // the call's uuid.
  std::vector<std::string> refused_vars;
};

struct Group {
  std::vector<Leg> legs;  // rung in parallel
};

struct Branch {
  Variables global_vars;  // `<>` then `{}` of this branch, `{}` winning
  std::vector<Group> groups;  // tried in order (failover)
};

struct DialPlan {
  std::vector<Branch> branches;  // more than one only with `:_:`
  [[nodiscard]] bool enterprise() const noexcept { return branches.size() > 1; }
};

}  // namespace ctib::dialstring
