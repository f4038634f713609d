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
  return decide(session->live_bindings_on(x, now), caller, x, number->number.gateway);
}

}  // namespace ctib::numbers::bindings
