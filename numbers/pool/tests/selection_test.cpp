#include "numbers/pool/selection.hpp"

#include <gtest/gtest.h>

namespace ctib::numbers::pool {
namespace {

using model::Mode;

model::NumberUsage usage(std::string number, std::int64_t pairs, bool exclusive = false,
                         model::NumberState state = model::NumberState::available) {
  model::NumberUsage u;
  u.number.number = std::move(number);
  u.number.state = state;
  u.live_pairs = pairs;
  u.exclusive = exclusive;
  return u;
}

TEST(PoolSelection, TakesTheFirstCandidateInLoadOrder) {
  const std::vector candidates{usage("x1", 0), usage("x2", 3)};
  EXPECT_EQ(choose(candidates, {}, Mode::axb, Policy{}), "x1");
}

TEST(PoolSelection, SkipsBlockedFullAndUnavailableNumbers) {
  Policy policy;
  policy.pair_limit = 2;
  const std::vector candidates{usage("x1", 0), usage("x2", 2), usage("x3", 0, false, model::NumberState::quarantined),
                               usage("x4", 1)};
  EXPECT_EQ(choose(candidates, {"x1"}, Mode::axb, policy), "x4");
  EXPECT_EQ(choose(candidates, {"x1", "x4"}, Mode::axb, policy), std::nullopt);
}

TEST(PoolSelection, AxnNeedsAnEmptyNumberAndOwnsIt) {
  const std::vector candidates{usage("x1", 1), usage("x2", 0)};
  EXPECT_EQ(choose(candidates, {}, Mode::axn, Policy{}), "x2");
  const std::vector owned{usage("x1", 1, true), usage("x2", 5)};
  EXPECT_EQ(choose(owned, {}, Mode::axb, Policy{}), "x2");
  EXPECT_EQ(choose(owned, {}, Mode::axn, Policy{}), std::nullopt);
}

TEST(PoolSelection, RefusalSaysWhy) {
  Policy policy;
  policy.pair_limit = 1;
  EXPECT_EQ(refusal(usage("x", 1), false, Mode::axb, policy), Refusal::full);
  EXPECT_EQ(refusal(usage("x", 0), true, Mode::axb, policy), Refusal::party_conflict);
  EXPECT_EQ(refusal(usage("x", 1, true), false, Mode::axb, Policy{}), Refusal::owned_by_axn);
  EXPECT_EQ(refusal(usage("x", 1), false, Mode::axn, Policy{}), Refusal::busy_for_axn);
  EXPECT_EQ(refusal(usage("x", 0, false, model::NumberState::retired), false, Mode::axb, policy),
            Refusal::not_available);
  EXPECT_EQ(refusal(usage("x", 0), false, Mode::axb, policy), std::nullopt);
  EXPECT_FALSE(describe(Refusal::party_conflict).empty());
}

}  // namespace
}  // namespace ctib::numbers::pool
