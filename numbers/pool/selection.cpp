#include "numbers/pool/selection.hpp"

namespace ctib::numbers::pool {

std::optional<Refusal> refusal(const model::NumberUsage& candidate, bool blocked, model::Mode mode,
                               const Policy& policy) {
  if (candidate.number.state != model::NumberState::available) return Refusal::not_available;
  if (candidate.exclusive) return Refusal::owned_by_axn;
  if (model::owns_x(mode) && candidate.live_pairs > 0) return Refusal::busy_for_axn;
  if (mode != model::Mode::axe && candidate.axe_pairs > 0) return Refusal::serves_extensions;
  if (mode == model::Mode::axe && candidate.live_pairs > candidate.axe_pairs) return Refusal::busy_for_axe;
  if (candidate.live_pairs >= policy.pair_limit) return Refusal::full;
  if (blocked) return Refusal::party_conflict;
  return std::nullopt;
}

std::optional<std::string> choose(const std::vector<model::NumberUsage>& candidates,
                                  const std::set<std::string>& blocked, model::Mode mode, const Policy& policy) {
  for (const model::NumberUsage& c : candidates) {
    if (!refusal(c, blocked.contains(c.number.number), mode, policy)) return c.number.number;
  }
  return std::nullopt;
}

std::string describe(Refusal r) {
  switch (r) {
    case Refusal::not_available:
      return "the number is quarantined or retired";
    case Refusal::full:
      return "the number has reached its live-pair limit";
    case Refusal::owned_by_axn:
      return "the number is owned by a live AXN binding";
    case Refusal::busy_for_axn:
      return "AXN needs a number without live pairs";
    case Refusal::serves_extensions:
      return "the number serves AXE extensions";
    case Refusal::busy_for_axe:
      return "AXE needs a number without live pairs of other modes";
    case Refusal::party_conflict:
      return "the number already serves (or released within the cool-down) a pair with one of these parties";
  }
  return "the number cannot take this pair";
}

}  // namespace ctib::numbers::pool
