#include "engine/call/dialer.hpp"

#include <variant>

#include "engine/call/build_invite.hpp"

namespace ctib::call {

using causes::HangupCause;

OutboundLeg* Dialer::new_leg(const dialstring::Leg& leg, variables::Variables vars,
                             const std::string& dialed) {
  const std::string& text = dialed.empty() ? leg.text : dialed;
  legs_.push_back(std::make_unique<OutboundLeg>(text, std::move(vars), env_.timers, remote_log_));
  last_attempted_ = text;
  legs_.back()->set_timeline(env_.timeline);
  return legs_.back().get();
}

OutboundLeg* Dialer::failed(const dialstring::Leg& leg, HangupCause cause, std::string_view detail) {
  if (env_.log) {
    env_.log("leg '" + leg.text + "' not created: " + std::string(causes::name(cause)) +
             (detail.empty() ? "" : ": " + std::string(detail)));
  }
  if (env_.timeline != nullptr) {
    env_.timeline->add(env_.timers.wall_now(), TimelineKind::leg,
                       leg.text + " not created: " + std::string(causes::name(cause)) +
                           (detail.empty() ? "" : ": " + std::string(detail)));
  }
  auto* out = new_leg(leg, leg.variables);
  out->fail_creation(cause);
  return out;
}

OutboundLeg* Dialer::place(const dialstring::Leg& leg, const ResolvedTarget& target) {
  if (legs_.size() >= env_.max_legs) {
    return failed(leg, HangupCause::SWITCH_CONGESTION, "the call already created its maximum of legs");
  }
  // The gateway's outbound variables apply under the leg's own (§5.3).
  variables::Variables vars = target.variables;
  vars.merge_from(leg.variables);
  // A transfer's legs offer the transferee's session, not A's first offer
  // (nor the relay's anchored one: a transfer of an anchored call is not
  // anchored again, docs/media.md).
  std::optional<InboundInvite> transferee;
  if (offer_) {
    transferee = env_.invite;
    transferee->sdp = *offer_;
  }
  auto invite = build_invite({transferee ? *transferee : env_.invite, env_.caller_vars, leg, vars, target,
                              env_.uuid, transferee ? nullptr : env_.offer});
  if (!invite) return failed(leg, invite.error().cause, invite.error().detail);
  auto* out = new_leg(leg, std::move(vars), target.dialed);
  auto placed = env_.sip.place(*invite, *out);
  if (!placed) {
    if (env_.log) {
      env_.log("leg '" + leg.text + "' not sent: " +
               std::string(causes::name(placed.error())));
    }
    if (env_.timeline != nullptr) {
      env_.timeline->add(env_.timers.wall_now(), TimelineKind::leg,
                         leg.text + " not sent: " + std::string(causes::name(placed.error())));
    }
    out->fail_creation(placed.error());
    return out;
  }
  if (env_.timeline != nullptr) {
    env_.timeline->add(env_.timers.wall_now(), TimelineKind::leg,
                       leg.text + " -> INVITE " + invite->target.request_uri.to_string() +
                           (target.gateway.empty() ? "" : " via gateway " + target.gateway));
  }
  out->attach(std::move(*placed));
  return out;
}

std::vector<OutboundLeg*> Dialer::create(const dialstring::Leg& leg, bool forked) {
  if (const auto* fail = std::get_if<dialstring::FailTarget>(&leg.target)) {
    return {failed(leg, fail->cause, fail->detail)};
  }
  auto resolved = env_.resolver.resolve(leg.target);
  if (!resolved) return {failed(leg, resolved.error(), "target not resolved")};
  if (resolved->empty()) return {failed(leg, HangupCause::USER_NOT_REGISTERED, "no contact")};
  if (forked) resolved->resize(1);
  std::vector<OutboundLeg*> out;
  for (const auto& target : *resolved) out.push_back(place(leg, target));
  return out;
}

void Dialer::end_all(HangupCause cause) {
  for (auto& leg : legs_) {
    leg->set_listener(nullptr);
    leg->end(cause);
  }
}

}  // namespace ctib::call
