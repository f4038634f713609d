#pragma once
// How a middle number is chosen for a new pair (pure rules, unit-tested with
// hand-made candidates):
//  - candidates come fewest live pairs first (spreads load), then by number;
//  - an X already serving a pair that shares A or B, or that released such a
//    pair less than the cool-down ago, is skipped (the caller alone decides
//    the route on X, so a shared number would make routing ambiguous, and
//    parties must not be reconnected through a number they just left);
//  - an X at the per-X pair limit is skipped;
//  - AXN owns its X: it needs an X without live pairs, and an X owned by an
//    AXN binding takes no other pair.
//  - an AXE X serves AXE bindings only (its callers are routed by the
//    extension they enter): AXE takes an X that is free or already AXE, and
//    no other mode takes an X with a live AXE binding (decision 0026).

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "numbers/model/types.hpp"

namespace ctib::numbers::pool {

struct Policy {
  std::int64_t pair_limit = 200;       // live pairs per X (Alibaba's default)
  std::chrono::seconds cooldown{600};  // an X stays away from released parties this long
};

enum class Refusal { not_available, full, owned_by_axn, busy_for_axn, party_conflict, serves_extensions, busy_for_axe };

// Why `candidate` cannot take a pair of `mode`, or nullopt when it can.
// `blocked`: the candidate shares a party with a live or cooling-down pair.
std::optional<Refusal> refusal(const model::NumberUsage& candidate, bool blocked, model::Mode mode,
                               const Policy& policy);

// The first candidate that can take the pair, in the given order.
std::optional<std::string> choose(const std::vector<model::NumberUsage>& candidates,
                                  const std::set<std::string>& blocked, model::Mode mode, const Policy& policy);

// A sentence for the API.
std::string describe(Refusal r);

}  // namespace ctib::numbers::pool
