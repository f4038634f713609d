#include "libs/signing/replay_guard.hpp"

#include <gtest/gtest.h>

namespace ctib::signing {
namespace {

std::array<unsigned char, 32> mac(unsigned char n) {
  std::array<unsigned char, 32> m{};
  m[0] = n;
  return m;
}

TEST(ReplayGuard, SecondUseWithinTheWindowIsRefused) {
  ReplayGuard guard;
  EXPECT_TRUE(guard.first_use(mac(1), 1300, 1000));
  EXPECT_FALSE(guard.first_use(mac(1), 1300, 1100));
  EXPECT_TRUE(guard.first_use(mac(2), 1300, 1100));
}

TEST(ReplayGuard, ForgetsAfterItsTime) {
  ReplayGuard guard;
  EXPECT_TRUE(guard.first_use(mac(1), 1300, 1000));
  EXPECT_TRUE(guard.first_use(mac(2), 1600, 1301));  // mac(1) dropped on the way
  EXPECT_EQ(guard.size(), 1u);
}

TEST(ReplayGuard, Bounded) {
  ReplayGuard guard(2);
  EXPECT_TRUE(guard.first_use(mac(1), 2000, 1000));
  EXPECT_TRUE(guard.first_use(mac(2), 2000, 1000));
  EXPECT_TRUE(guard.first_use(mac(3), 2000, 1000));  // forgets mac(1), the oldest
  EXPECT_EQ(guard.size(), 2u);
  EXPECT_FALSE(guard.first_use(mac(3), 2000, 1000));
}

}  // namespace
}  // namespace ctib::signing
