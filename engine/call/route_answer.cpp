// Asking the routing interface and acting on its answer
// (cti-bridge-protocol §2, §3).
#include <variant>

#include "engine/call/call.hpp"
#include "engine/call/final_response.hpp"

namespace ctib::call {

using causes::HangupCause;

namespace {

bool has_legs(const dialstring::DialPlan& plan) {
  for (const auto& b : plan.branches) {
    for (const auto& g : b.groups) {
      if (!g.legs.empty()) return true;
    }
  }
  return false;
}

}  // namespace

void Call::send_route_query() {
  route_sent_ = true;
  record_.route = active_route_;
  deps_.observer.on_routing(record_);
  RouteQuery query{active_route_, uuid_, &invite_, &settings_.route_headers};
  if (digits_info_) query.digits = &*digits_info_;
  route_sent_at_ = deps_.timers.wall_now();
  // The query string may carry a secret (?secret=...): the path is enough here.
  if (timeline_.enabled())
    timeline_.add(route_sent_at_, TimelineKind::route_request,
                  active_route_.url.substr(0, active_route_.url.find('?')));
  route_pending_ = true;
  route_requests_.push_back(
      deps_.router.route(query, [this](RouteResult r) { on_route_result(std::move(r)); }));
}

void Call::cancel_route_request() {
  if (!route_pending_) return;
  route_pending_ = false;
  route_requests_.back()->cancel();
}

void Call::apply_decision(routing::RouteDecision decision) {
  // The answer's variables are set on the A leg over the profile defaults;
  // to_plan() also puts them in `{}` of every leg.
  if (!settings_.answer_defaults.empty()) {
    variables::Variables merged = settings_.answer_defaults;
    merged.merge_from(decision.variables);
    decision.variables = std::move(merged);
  }
  caller_vars_ = settings_.defaults;
  caller_vars_.merge_from(decision.variables);
  if (const auto* hangup = std::get_if<routing::HangupDial>(&decision.dial)) {
    // sipcode reaches the caller; cause is what is recorded (§3 answer handling).
    return refuse_caller(hangup->sip_status(), hangup->recorded_cause(), HangupBy::System);
  }
  if (const auto* digits = std::get_if<routing::PlayAndGetDigitsDial>(&decision.dial)) {
    return start_collecting(*digits);
  }
  // Dialling after a prompt: it stops (collected() did) and the B legs get
  // the relay's offer made for it.
  auto plan = routing::to_plan(decision);
  if (!has_legs(plan)) return route_failed("the answer's dial has no leg to call");
  start_originate(std::move(plan));
}

// cti-bridge-protocol §3: one log line with the uuid and what was wrong, then
// the configured action: fallback URL (once), fallback dial, or the cause.
void Call::route_failed(const std::string& detail) {
  log("routing via " + active_route_.url + " failed: " + detail);
  const auto& action = settings_.route_failure;
  if (action.fallback_route && !fallback_asked_) {
    fallback_asked_ = true;
    active_route_ = *action.fallback_route;
    log("asking the fallback route " + active_route_.url);
    return send_route_query();
  }
  if (action.fallback_dial && has_legs(action.fallback_dial->plan)) {
    log("dialling the fallback '" + action.fallback_dial->text + "'");
    caller_vars_ = settings_.defaults;
    return start_originate(action.fallback_dial->plan);
  }
  log("ending the call with " + std::string(causes::name(action.cause)));
  end_unanswered(action.cause, HangupBy::System);
}

void Call::start_originate(dialstring::DialPlan plan) {
  // Anchored: the relay's offer first (media.cpp), then this again.
  if (!media_decided_) {
    media_decided_ = true;
    if (wants_anchor(plan)) return offer_then_originate(std::move(plan));
  }
  state_ = State::Originating;
  originate_ = std::make_unique<Originate>(dialer_, deps_.timers, static_cast<OriginateListener&>(*this),
                                          std::move(plan), caller_vars_);
  originate_->start();  // may end the call before it returns
}

}  // namespace ctib::call
