#include "engine/variables/variables.hpp"

#include <gtest/gtest.h>

namespace ctib::variables {
namespace {

TEST(Variables, LaterSetReplacesAndEmptyDeletes) {
  Variables v;
  v.set("a", "1");
  v.set("b", "2");
  v.set("a", "3");
  EXPECT_EQ(v.get("a"), "3");
  EXPECT_EQ(v.size(), 2u);
  v.set("a", "");
  EXPECT_FALSE(v.contains("a"));
  EXPECT_EQ(v.begin()->first, "b");
}

TEST(Variables, TypedReads) {
  Variables v;
  v.set("ignore_early_media", "TRUE");
  v.set("leg_timeout", " 10 ");
  v.set("bad", "10s");
  EXPECT_TRUE(v.flag("ignore_early_media"));
  EXPECT_FALSE(v.flag("missing"));
  EXPECT_EQ(v.integer("leg_timeout"), 10);
  EXPECT_FALSE(v.integer("bad"));
  EXPECT_EQ(v.get("missing", "dflt"), "dflt");
}

TEST(Variables, MergeLetsTheOtherWinAndKeepsOrder) {
  Variables a;
  a.set("x", "1");
  a.set("y", "1");
  Variables b;
  b.set("y", "2");
  b.set("z", "2");
  a.merge_from(b);
  EXPECT_EQ(a.get("x"), "1");
  EXPECT_EQ(a.get("y"), "2");
  EXPECT_EQ(a.get("z"), "2");
  std::vector<std::string> order;
  for (const auto& [n, _] : a) order.push_back(n);
  EXPECT_EQ(order, (std::vector<std::string>{"x", "y", "z"}));
}

}  // namespace
}  // namespace ctib::variables
