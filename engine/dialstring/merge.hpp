#pragma once
// Which variables a B-leg ends up with when `{}` (and `<>`) and `[]` both set
// them (freeswitch-semantics §1.5, switch_ivr_originate). Public: the routing
// adapter uses it too when it builds legs for dial types gateway/user/ip.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "engine/variables/variables.hpp"

namespace ctib::dialstring {

// Values FreeSWITCH reads from the originate event (`{}` merged with `[]`,
// `[]` winning) instead of from the new channel: the caller profile and
// sofia_outgoing_channel() take them from there.
inline constexpr std::array<std::string_view, 11> kLegWinsVariables = {
    "origination_caller_id_name",
    "origination_caller_id_number",
    "origination_ani",
    "origination_privacy",
    "origination_uuid",
    "sip_invite_to_uri",
    "sip_auto_answer",
    "sip_enable_soa",
    "sip_destination_prefix",
    "sip_gethostbyname",
    "sofia_suppress_url_encoding",
};

// Whether values holding `${` may be installed (origination_nested_vars=true).
enum class NestedVars { refuse, allow };

struct LegVariables {
  variables::Variables variables;
  // Names left unset because their value held `${` and no later install
  // replaced it; never also in `variables`.
  std::vector<std::string> refused;
};

// Installs `global` (`<>` + `{}`) and `leg` (`[]`) the way FreeSWITCH
// installs them on a new channel: `[]` first then `{}`, so `{}` wins, or the
// other way round when `global` has local_var_clobber=true. Each install
// first removes the old value, so a refused `${` value also removes what the
// other scope had set, as switch_channel_set_variable_var_check() does.
// Finally the kLegWinsVariables take their value from the originate event:
// `[]` if set there, else `{}`, never refused (the event is not checked).
LegVariables install_leg_variables(const variables::Variables& global, const variables::Variables& leg,
                                   NestedVars nested);

// install_leg_variables(global, leg, NestedVars::refuse).variables
variables::Variables merge_leg_variables(const variables::Variables& global, const variables::Variables& leg);

}  // namespace ctib::dialstring
