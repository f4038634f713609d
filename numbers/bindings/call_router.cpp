#include "numbers/bindings/call_router.hpp"

namespace ctib::numbers::bindings {

model::RouteDecision CallRouter::route(std::string_view caller, std::string_view x) {
  const model::Instant now = clock_.now();
  // One statement: X's gateway and only the bindings that can route this
  // caller (an indexed read, not every pair on X, up to pair_limit rows).
  const auto facts = repository_.begin(storage::SessionKind::read)->routing_facts(x, caller, now);
  if (!facts.gateway) {
    model::RouteDecision refused;
    refused.reason = "X is not in the pool";
    return refused;
  }
  auto decision = decide(facts.bindings, caller, x, *facts.gateway);
  if (decision.dial) decision.dial->caller_id_imported_as = facts.x_imported_as;
  if (!decision.dial && !decision.binding) decision.reason = "no live binding on X with the caller as a party";
  return decision;
}

}  // namespace ctib::numbers::bindings
