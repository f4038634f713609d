#include "numbers/api/transfer.hpp"

namespace ctib::numbers::api {

namespace {

model::RouteDecision refused(std::string reason) {
  model::RouteDecision d;
  d.reason = std::move(reason);
  return d;
}

}  // namespace

model::RouteDecision decide_transfer(const Context& c, const std::string& uuid, model::ReleaseSide transferor,
                                     const std::string& target) {
  if (target.empty()) return refused("transfer target is not a number");
  const auto record = c.records.get(uuid);
  // Only a call a binding routed can be transferred: an intercepted call
  // was never connected, and without its record the service cannot tell
  // whose call it is.
  if (!record) return refused("transfer of a call without a record");
  if (record->binding_id.empty()) return refused("transfer of a call no binding routed");
  if (record->has_seen(model::Event::hangup)) return refused("transfer of a released call");
  // One transfer per call: after it, the party the service connected is no
  // longer in the call, and a later REFER would be judged against a number
  // that is not there (the engine's first-request parameters do not change).
  if (!record->transferred_to.empty()) return refused("the call was transferred already");
  // Who is transferred: the other side of the REFER's sender. Both are
  // numbers the service itself recorded when it routed the call.
  const std::string& transferee = transferor == model::ReleaseSide::callee ? record->caller : record->callee;
  if (transferee.empty()) return refused("the transferred party's number is unknown");
  model::RouteDecision decision = c.router.route(transferee, target);
  if (!decision.dial) return refused("the transferred party may not call " + target + ": " + decision.reason);
  // A tenant's call never reaches another tenant's bindings (nor would its
  // record name their numbers).
  if (decision.tenant != record->tenant) return refused(target + " is not a number of the call's tenant");
  if (!c.records.on_transfer(uuid, target)) return refused("the call was released or transferred meanwhile");
  return decision;
}

}  // namespace ctib::numbers::api
