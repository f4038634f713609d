#include "engine/media/rtpengine_set.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ctib::media {
namespace {

using std::chrono::milliseconds;

RtpengineSet three(unsigned w0, unsigned w1, unsigned w2) {
  return RtpengineSet({{{"127.0.0.1", 1}, w0}, {{"127.0.0.1", 2}, w1}, {{"127.0.0.1", 3}, w2}},
                      milliseconds(1000));
}

TEST(RtpengineSet, SpreadsByWeightAndIsStablePerCall) {
  auto set = three(1, 0, 3);
  std::set<std::size_t> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string id = "call-" + std::to_string(i);
    auto a = set.pick(id, {}, milliseconds(0));
    ASSERT_TRUE(a);
    EXPECT_EQ(a, set.pick(id, {}, milliseconds(0)));
    seen.insert(*a);
  }
  EXPECT_EQ(seen, (std::set<std::size_t>{0, 2}));  // weight 0 is never chosen
}

TEST(RtpengineSet, FailsOverPastTriedAndDownInstances) {
  auto set = three(1, 1, 1);
  set.mark_down(0, milliseconds(0));
  for (int i = 0; i < 50; ++i) {
    auto a = set.pick("c" + std::to_string(i), {}, milliseconds(10));
    ASSERT_TRUE(a);
    EXPECT_NE(*a, 0U);
  }
  EXPECT_EQ(set.pick("c", {1, 2}, milliseconds(10)), 0U) << "a down instance is still tried last";
  EXPECT_FALSE(set.pick("c", {0, 1, 2}, milliseconds(10)));
  // The down mark expires.
  EXPECT_FALSE(set.down(0, milliseconds(1000)));
}

}  // namespace
}  // namespace ctib::media
