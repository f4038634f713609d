#include "numbers/bindings/call_router.hpp"

#include <algorithm>

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
  auto decision = decide_with(facts, caller, x, now);
  // The tenant came with the rows already read: no query of its own.
  decision.tenant = decision.binding ? decision.binding->tenant : facts.x_tenant;
  return decision;
}

model::RouteDecision CallRouter::route_extension(std::string_view caller, std::string_view x,
                                               std::string_view extension) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::read);
  // The same one-statement read as the first request: X's gateway and
  // tenant, and whether X still serves extensions (and their length).
  const auto facts = session->routing_facts(x, caller, now);
  model::RouteDecision decision;
  if (!facts.gateway) {
    decision.reason = "X is not in the pool";
    return decision;
  }
  decision.tenant = facts.x_tenant;
  const auto axe = std::find_if(facts.bindings.begin(), facts.bindings.end(),
                                [x](const model::Binding& b) { return b.mode == model::Mode::axe && b.x == x; });
  if (axe == facts.bindings.end()) {
    decision.reason = "AXE: X serves no extension any more";
    return decision;
  }
  std::optional<model::Binding> reached;
  if (valid_extension(extension) && extension.size() == axe->extension.size()) {
    reached = session->find_live_extension(x, extension, now);
  }
  decision = decide_extension(reached, caller, x, *facts.gateway, extension, axe->extension.size());
  decision.tenant = reached ? reached->tenant : facts.x_tenant;
  if (decision.dial) decision.dial->caller_id_imported_as = facts.x_imported_as;
  return decision;
}

model::RouteDecision CallRouter::decide_with(const storage::RoutingFacts& facts, std::string_view caller,
                                             std::string_view x, model::Instant now) {
  // AXG: whether the caller may reach A, one primary-key read, only for a
  // call that an AXG binding on X would route.
  bool member = false;
  for (const model::Binding& b : facts.bindings) {
    if (b.mode == model::Mode::axg && b.x == x && b.a != caller) {
      member = repository_.begin(storage::SessionKind::read)->is_member(b.group_id, caller);
      break;
    }
  }
  auto decision = decide(facts.bindings, caller, x, *facts.gateway, member);
  if (decision.dial) decision.dial->caller_id_imported_as = facts.x_imported_as;
  if (decision.dial && decision.dial->caller_id != x) {
    // AXYB shows the binding's other middle number: the call leaves through
    // that number's trunk, the one whose carrier lets it be shown. A second
    // read, for AXYB calls only.
    const auto shown = repository_.begin(storage::SessionKind::read)->find_number(decision.dial->caller_id, now);
    if (!shown) {
      model::RouteDecision refused;
      refused.binding = decision.binding;
      refused.reason = "the middle number to show is no longer in the pool";
      return refused;
    }
    decision.dial->gateway = shown->number.gateway;
    decision.dial->caller_id_imported_as = shown->number.imported_as;
  }
  if (!decision.dial && !decision.binding && !decision.collect) {
    decision.reason = "no live binding on X with the caller as a party";
  }
  return decision;
}

}  // namespace ctib::numbers::bindings
