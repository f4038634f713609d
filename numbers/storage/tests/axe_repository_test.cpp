// AXE in the repository suite (migration 0009), both backends: the mode and
// extension round-trip, an extension is unique per X among active AXE
// bindings (and free again once released), the routing query tells an AXE X
// by one of its bindings, the digits entered find their binding, X's
// extensions list in order, the pool sees an X's AXE load, and a call
// record keeps the extension it reached.
#include <gtest/gtest.h>

#include <chrono>

#include "numbers/storage/tests/repository_fixture.hpp"

namespace ctib::numbers::storage::testing {
namespace {

using namespace std::chrono_literals;
using model::Mode;

constexpr const char* kX = "+8617100000001";

class AxeRepositoryTest : public NumbersRepositoryTest {
 protected:
  model::Binding axe(const std::string& id, const std::string& a, const std::string& extension,
                     std::chrono::seconds life = 600s) const {
    auto b = binding(id, Mode::axe, a, "", kX, now_ + life);
    b.extension = extension;
    return b;
  }
};

TEST_F(AxeRepositoryTest, ExtensionsRoundTripRouteAndList) {
  add_number(kX, "010");
  insert(axe("e1", "+8613800000001", "0042"));
  insert(axe("e2", "+8613800000002", "1234"));
  insert(axe("e3", "+8613800000003", "0007", 60s));  // expires first
  auto s = repo().begin(SessionKind::read);
  const auto e1 = s->find_binding("e1");
  ASSERT_TRUE(e1);
  EXPECT_EQ(e1->mode, Mode::axe);
  EXPECT_EQ(e1->extension, "0042");

  // Whoever calls, the routing query brings one AXE binding of X.
  for (const char* caller : {"+8613700000001", "+8613800000002"}) {
    const auto facts = s->routing_facts(kX, caller, now_);
    ASSERT_TRUE(facts.gateway);
    EXPECT_EQ(*facts.gateway, "gw-010");
    ASSERT_FALSE(facts.bindings.empty()) << caller;
    EXPECT_EQ(facts.bindings.front().mode, Mode::axe);
    EXPECT_EQ(facts.bindings.front().extension.size(), 4u);
  }

  EXPECT_EQ(s->find_live_extension(kX, "1234", now_)->id, "e2");
  EXPECT_FALSE(s->find_live_extension(kX, "9999", now_));
  EXPECT_FALSE(s->find_live_extension("+8617100000002", "1234", now_));
  EXPECT_FALSE(s->find_live_extension(kX, "0007", now_ + 60s));  // expiry is exclusive

  const auto page = s->list_extensions(kX, {0, 2}, now_);
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].extension, "0007");
  EXPECT_EQ(page.items[1].extension, "0042");
  EXPECT_EQ(s->list_extensions(kX, {2, 2}, now_).items.at(0).extension, "1234");
  EXPECT_EQ(s->list_extensions(kX, {0, 10}, now_ + 60s).total, 2);

  auto taken = s->extensions_on(kX);
  std::sort(taken.begin(), taken.end());
  EXPECT_EQ(taken, (std::vector<std::string>{"0007", "0042", "1234"}));

  const auto usage = s->find_number(kX, now_);
  EXPECT_EQ(usage->axe_pairs, 3);
  EXPECT_EQ(usage->live_pairs, 3);
  EXPECT_FALSE(usage->exclusive);
  EXPECT_EQ(s->live_binding_counts(now_).axe, 3);
}

TEST_F(AxeRepositoryTest, AnExtensionIsUniquePerXAmongActiveBindings) {
  add_number(kX, "010");
  add_number("+8617100000002", "010");
  insert(axe("e1", "+8613800000001", "0042"));
  EXPECT_THROW(insert(axe("e2", "+8613800000002", "0042")), StorageError);
  // The same extension on another X, or for another mode, is no conflict.
  auto other = axe("e3", "+8613800000002", "0042");
  other.x = "+8617100000002";
  insert(other);
  // Released, its extension can be given again.
  {
    auto s = repo().begin(SessionKind::bindings);
    auto b = *s->find_binding("e1");
    b.state = model::BindingState::released;
    b.released_at = now_;
    s->update_binding(b);
    s->commit();
  }
  insert(axe("e4", "+8613800000004", "0042"));
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->find_live_extension(kX, "0042", now_)->id, "e4");
  EXPECT_EQ(s->extensions_on(kX), std::vector<std::string>{"0042"});
}

TEST_F(AxeRepositoryTest, CallRecordKeepsTheExtension) {
  {
    auto s = repo().begin(SessionKind::records);
    auto r = s->lock_record("u1", now_);
    r.uuid = "u1";
    r.seen = static_cast<unsigned>(model::Event::request);
    r.call_time = now_;
    r.extension = "0042";
    r.direction = model::Direction::peer_to_a;
    s->save_record(r);
    model::CallRecord fresh;
    fresh.uuid = "u2";
    fresh.seen = static_cast<unsigned>(model::Event::request);
    fresh.call_time = now_;
    fresh.extension = "7";
    EXPECT_TRUE(s->insert_record_if_absent(fresh));
    s->commit();
  }
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->find_record("u1")->extension, "0042");
  EXPECT_EQ(s->find_record("u2")->extension, "7");
}

}  // namespace
}  // namespace ctib::numbers::storage::testing
