#include <string>

#include "engine/dialstring/merge.hpp"
#include "engine/routing/decision.hpp"
#include "libs/base/text.hpp"

namespace ctib::routing {

namespace {

using dialstring::Branch;
using dialstring::DialPlan;
using dialstring::DialTarget;
using dialstring::Group;
using dialstring::Leg;

using dialstring::NestedVars;

// The answer's variables are set on the A-leg too, where FreeSWITCH looks
// for origination_nested_vars; the dial string's own text may also say so.
NestedVars nested_vars(const Variables& vars, std::string_view dial_text) {
  const bool allow = vars.flag("origination_nested_vars") ||
                     base::to_lower(dial_text).find("origination_nested_vars=true") != std::string::npos;
  return allow ? NestedVars::allow : NestedVars::refuse;
}

// Installs the branch variables and the leg's own `[]` as FreeSWITCH does on
// the new channel (dialstring::install_leg_variables).
void install(Leg& leg, const Variables& global, NestedVars nested) {
  dialstring::LegVariables installed = dialstring::install_leg_variables(global, leg.leg_vars, nested);
  leg.variables = std::move(installed.variables);
  leg.refused_vars = std::move(installed.refused);
}

// One branch, one group, one leg: what a single-target FreeSWITCH dial
// string `{vars}endpoint/data` parses into. The JSON variables are that `{}`.
DialPlan single_leg(const Variables& vars, DialTarget target, std::string text) {
  Leg leg;
  install(leg, vars, nested_vars(vars, ""));
  leg.target = std::move(target);
  leg.text = std::move(text);
  Branch branch;
  branch.global_vars = vars;
  branch.groups.push_back(Group{{std::move(leg)}});
  return DialPlan{{std::move(branch)}};
}

// The JSON variables as an outer `{}`: the dial string's own `<>`/`{}`/`[]`
// were written for this dial and win over them.
Variables under(const Variables& outer, const Variables& own) {
  Variables merged = outer;
  merged.merge_from(own);
  return merged;
}

struct PlanBuilder {
  const Variables& vars;

  DialPlan operator()(const GatewayDial& d) const {
    return single_leg(vars, dialstring::GatewayTarget{d.gateway, d.number, "", ""},
                      "sofia/gateway/" + d.gateway + "/" + d.number);
  }

  DialPlan operator()(const UserDial& d) const {
    return single_leg(vars, dialstring::UserTarget{d.user, "", d.number}, "user/" + d.user);
  }

  DialPlan operator()(const IpDial& d) const {
    dialstring::SipUri uri;
    uri.user = d.number;
    uri.host = d.host;
    uri.port = d.port;
    uri.params = d.params;
    std::string text = "sofia/" + d.profile + "/" + d.number + "@" + d.host;
    if (d.port) text += ":" + std::to_string(*d.port);
    text += d.params;
    return single_leg(vars, dialstring::ProfileTarget{d.profile, std::move(uri), ""}, std::move(text));
  }

  // Every leg is installed again from the widened `{}`, so the `{}`/`[]`
  // precedence and the `${` refusal apply to the JSON variables as well.
  DialPlan operator()(const DialstringDial& d) const {
    DialPlan plan = d.plan;
    const NestedVars nested = nested_vars(vars, d.text);
    for (Branch& branch : plan.branches) {
      branch.global_vars = under(vars, branch.global_vars);
      for (Group& group : branch.groups) {
        for (Leg& leg : group.legs) install(leg, branch.global_vars, nested);
      }
    }
    return plan;
  }

  // What FreeSWITCH does with `error/<CAUSE>`: no channel, that cause.
  DialPlan operator()(const HangupDial& d) const {
    const causes::HangupCause cause = d.recorded_cause();
    return single_leg(vars, dialstring::FailTarget{cause, "dial.type hangup"},
                      "error/" + std::string(causes::name(cause)));
  }

  // The call core collects the digits itself; nothing is dialled yet.
  DialPlan operator()(const PlayAndGetDigitsDial& /*d*/) const { return {}; }
};

}  // namespace

DialPlan to_plan(const RouteDecision& decision) {
  return std::visit(PlanBuilder{decision.variables}, decision.dial);
}

}  // namespace ctib::routing
