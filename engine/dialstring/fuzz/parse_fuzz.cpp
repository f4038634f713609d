// libFuzzer target for the dial-string parser. Besides crashes and sanitizer
// findings it checks the promises parse() makes to the call core.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/dialstring/parse.hpp"
#include "engine/dialstring/sip_uri.hpp"

namespace {

using namespace ctib::dialstring;  // NOLINT(google-build-using-namespace): a fuzz driver, not a header

void check(bool ok) {
  if (!ok) std::abort();
}

void check_variables(const Variables& vars) {
  for (const auto& [name, value] : vars) check(!name.empty() && !value.empty());
}

struct TargetCheck {
  void operator()(const GatewayTarget& t) const { check(!t.gateway.empty() && !t.number.empty()); }
  void operator()(const ProfileTarget& t) const {
    check(!t.profile.empty() && !t.uri.host.empty());
    auto again = parse_sip_uri(t.uri.to_string());  // what we send must parse back the same
    check(again.has_value() && *again == t.uri);
  }
  void operator()(const ProfileRegistrationTarget& t) const { check(!t.profile.empty() && !t.user.empty()); }
  void operator()(const UserTarget& t) const { check(!t.user.empty()); }
  void operator()(const FailTarget& t) const { check(!t.detail.empty()); }
};

void check_plan(const DialPlan& plan) {
  check(!plan.branches.empty() && plan.branches.size() <= 128);
  for (const Branch& branch : plan.branches) {
    check(!branch.groups.empty() && branch.groups.size() <= 128);
    check_variables(branch.global_vars);
    for (const Group& group : branch.groups) {
      check(!group.legs.empty() && group.legs.size() <= 128);
      for (const Leg& leg : group.legs) {
        check(!leg.target.valueless_by_exception());
        std::visit(TargetCheck{}, leg.target);
        check_variables(leg.leg_vars);
        check_variables(leg.variables);
        for (const std::string& name : leg.refused_vars) check(!leg.variables.contains(name));
      }
    }
  }
}

void run(std::string_view text, const ParseOptions& options) {
  auto result = parse(text, options);
  if (result) {
    check_plan(*result);
  } else {
    check(!result.error().message.empty() && result.error().position <= text.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  run(text, ParseOptions{});
  run(text, ParseOptions{true});
  return 0;
}
