#include "numbers/bindings/call_router.hpp"

namespace ctib::numbers::bindings {

model::RouteDecision CallRouter::route(std::string_view caller, std::string_view x) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::read);
  const auto number = session->find_number(x, now);
  if (!number) {
    model::RouteDecision refused;
    refused.reason = "X is not in the pool";
    return refused;
  }
  // Only the bindings that can route this caller: one indexed read, not
  // every pair on X (up to pair_limit rows).
  auto decision = decide(session->live_bindings_for(x, caller, now), caller, x, number->number.gateway);
  if (!decision.dial && !decision.binding) decision.reason = "no live binding on X with the caller as a party";
  return decision;
}

}  // namespace ctib::numbers::bindings
