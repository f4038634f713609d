#include "engine/call/build_invite.hpp"

namespace ctib::call {
namespace {

// The origination_* value: the leg's own `[]` wins over `{}` (§1.5).
const std::string* origination_value(const dialstring::Leg& leg, std::string_view name) {
  if (const auto* v = leg.leg_vars.find(name)) return v;
  return leg.variables.find(name);
}

std::string pick(const dialstring::Leg& leg, const variables::Variables& caller_vars,
                 std::string_view origination, std::string_view effective, const std::string& from_invite) {
  if (const auto* v = origination_value(leg, origination)) return *v;
  if (const auto* v = caller_vars.find(effective)) return *v;
  return from_invite;
}

}  // namespace

CallerId resolve_caller_id(const dialstring::Leg& leg, const variables::Variables& caller_vars,
                           const InboundInvite& invite) {
  return CallerId{
      pick(leg, caller_vars, "origination_caller_id_name", "effective_caller_id_name", invite.from_display),
      pick(leg, caller_vars, "origination_caller_id_number", "effective_caller_id_number", invite.from_user),
  };
}

}  // namespace ctib::call
