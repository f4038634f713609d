#include "engine/b2bua/finished_calls.hpp"

#include <gtest/gtest.h>

namespace ctib::b2bua {
namespace {

call::CallView view(std::string uuid) {
  call::CallView v;
  v.uuid = std::move(uuid);
  v.state = "ended";
  return v;
}

TEST(FinishedCalls, KeepsTheLastNAndFindsThemByUuid) {
  FinishedCalls ring(3);
  for (int i = 0; i < 5; ++i) ring.add(view("u" + std::to_string(i)));
  EXPECT_EQ(ring.size(), 3u);
  EXPECT_EQ(ring.find("u0"), nullptr);
  EXPECT_EQ(ring.find("u1"), nullptr);
  ASSERT_NE(ring.find("u2"), nullptr);
  EXPECT_EQ(ring.find("u2")->uuid, "u2");
  ASSERT_NE(ring.find("u4"), nullptr);
  EXPECT_EQ(ring.find("u4")->state, "ended");
  EXPECT_EQ(ring.find("nope"), nullptr);
}

TEST(FinishedCalls, EntriesCanBeAmendedInPlace) {
  FinishedCalls ring(2);
  ring.add(view("a"));
  ring.find("a")->timeline.push_back({std::chrono::milliseconds(5), call::TimelineKind::notify_result, "ok"});
  ring.add(view("b"));
  ASSERT_NE(ring.find("a"), nullptr);
  EXPECT_EQ(ring.find("a")->timeline.size(), 1u);
}

TEST(FinishedCalls, CapacityZeroKeepsNothing) {
  FinishedCalls ring(0);
  ring.add(view("a"));
  EXPECT_EQ(ring.size(), 0u);
  EXPECT_EQ(ring.find("a"), nullptr);
}

}  // namespace
}  // namespace ctib::b2bua
