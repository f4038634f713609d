#include "engine/registrar/nonce.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ctib::registrar {
namespace {

using std::chrono::seconds;

TEST(Nonce, IssuesDistinctRandomNonces) {
  NonceStore store;
  TimePoint t0{seconds(1000)};
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto n = store.issue(t0);
    EXPECT_EQ(n.size(), 32u);
    EXPECT_TRUE(seen.insert(n).second);
  }
}

TEST(Nonce, NonceCountMustIncrease) {
  NonceStore store;
  TimePoint t0{seconds(1000)};
  auto n = store.issue(t0);
  EXPECT_EQ(store.use(n, true, "00000001", t0), NonceCheck::valid);
  EXPECT_EQ(store.use(n, true, "00000001", t0), NonceCheck::replayed);
  EXPECT_EQ(store.use(n, true, "00000002", t0), NonceCheck::valid);
  EXPECT_EQ(store.use(n, true, "0000000g", t0), NonceCheck::replayed);
}

TEST(Nonce, WithoutQopSingleUse) {
  NonceStore store;
  TimePoint t0{seconds(1000)};
  auto n = store.issue(t0);
  EXPECT_EQ(store.use(n, false, "", t0), NonceCheck::valid);
  EXPECT_EQ(store.use(n, false, "", t0), NonceCheck::replayed);
}

TEST(Nonce, ExpiresAfterLifetime) {
  NonceStore store(seconds(30));
  TimePoint t0{seconds(1000)};
  auto n = store.issue(t0);
  EXPECT_EQ(store.use(n, true, "1", t0 + seconds(31)), NonceCheck::stale);
  EXPECT_EQ(store.use("feedface", true, "1", t0), NonceCheck::unknown);
}

TEST(Nonce, BoundedCapacityForgetsOldest) {
  NonceStore store(seconds(300), 4);
  TimePoint t0{seconds(1000)};
  auto first = store.issue(t0);
  for (int i = 0; i < 10; ++i) store.issue(t0);
  EXPECT_LE(store.size(), 4u);
  EXPECT_FALSE(store.known(first));
}

TEST(Nonce, ExpiredOnesAreDroppedOnIssue) {
  NonceStore store(seconds(10), 100);
  TimePoint t0{seconds(1000)};
  for (int i = 0; i < 5; ++i) store.issue(t0);
  store.issue(t0 + seconds(20));
  EXPECT_EQ(store.size(), 1u);
}

}  // namespace
}  // namespace ctib::registrar
