// The repository suite: runs unchanged against SQLite and PostgreSQL
// (CTIB_TEST_BACKEND, see CMakeLists.txt). Pool and binding queries here;
// call records in records_repository_test.cpp.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "numbers/storage/tests/repository_fixture.hpp"

namespace ctib::numbers::storage::testing {
namespace {

using namespace std::chrono_literals;
using model::BindingState;
using model::Mode;
using model::NumberState;

TEST_F(NumbersRepositoryTest, MigrationsApplyOnceAndReopenIsANoOp) {
  auto again = backend_->reopen(now_);
  auto s = again->begin(SessionKind::read);
  EXPECT_FALSE(s->find_number("+8617100000001", now_));
}

TEST_F(NumbersRepositoryTest, NumbersInsertFindUpdateList) {
  add_number("+8617100000002", "010");
  add_number("+8617100000001", "010");
  add_number("+8617100000003", "0755");
  {
    auto s = repo().begin(SessionKind::bindings);
    auto n = s->find_number("+8617100000003", now_);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->number.gateway, "gw-0755");
    EXPECT_EQ(n->live_pairs, 0);
    n->number.state = NumberState::quarantined;
    s->update_number(n->number);
    s->commit();
  }
  auto s = repo().begin(SessionKind::read);
  const auto all = s->list_numbers({}, {0, 2}, now_);
  EXPECT_EQ(all.total, 3);
  ASSERT_EQ(all.items.size(), 2u);
  EXPECT_EQ(all.items[0].number.number, "+8617100000001");
  const auto area = s->list_numbers({"010", std::nullopt}, {0, 10}, now_);
  EXPECT_EQ(area.total, 2);
  const auto quarantined = s->list_numbers({"", NumberState::quarantined}, {0, 10}, now_);
  ASSERT_EQ(quarantined.total, 1);
  EXPECT_EQ(quarantined.items[0].number.state, NumberState::quarantined);
}

TEST_F(NumbersRepositoryTest, DuplicateNumberIsAStorageError) {
  add_number("+8617100000001", "010");
  auto s = repo().begin(SessionKind::bindings);
  model::MiddleNumber n{"+8617100000001", "gw", "010", NumberState::available, now_, now_, ""};
  EXPECT_THROW(s->insert_number(n), StorageError);
}

TEST_F(NumbersRepositoryTest, SessionWithoutCommitRollsBack) {
  {
    auto s = repo().begin(SessionKind::bindings);
    s->insert_number({"+8617100000001", "gw", "010", NumberState::available, now_, now_, ""});
  }
  auto s = repo().begin(SessionKind::read);
  EXPECT_FALSE(s->find_number("+8617100000001", now_));
}

TEST_F(NumbersRepositoryTest, BindingRoundTripsEveryField) {
  add_number("+8617100000001", "010");
  model::Binding b = binding("b1", Mode::axn, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 3600s);
  b.out_id = "order-7";
  b.user_data = "{\"k\":\"v\"}";
  b.record = true;
  b.restriction = model::Restriction::b_to_x_barred;
  b.max_duration = 600;
  insert(b);
  auto s = repo().begin(SessionKind::read);
  const auto got = s->find_binding("b1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->mode, Mode::axn);
  EXPECT_EQ(got->a, b.a);
  EXPECT_EQ(got->b, b.b);
  EXPECT_EQ(got->x, b.x);
  EXPECT_EQ(got->expires_at, b.expires_at);
  EXPECT_EQ(got->out_id, "order-7");
  EXPECT_EQ(got->user_data, b.user_data);
  EXPECT_TRUE(got->record);
  EXPECT_EQ(got->restriction, model::Restriction::b_to_x_barred);
  EXPECT_EQ(got->max_duration, 600);
  EXPECT_EQ(got->state, BindingState::active);
  EXPECT_FALSE(got->released_at);
  EXPECT_FALSE(s->find_binding("nope"));
}

TEST_F(NumbersRepositoryTest, RoutingQueryStopsAtTheExpiryInstant) {
  add_number("+8617100000001", "010");
  insert(binding("b1", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 60s));
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->live_bindings_on("+8617100000001", now_ + 59s).size(), 1u);
  EXPECT_TRUE(s->live_bindings_on("+8617100000001", now_ + 60s).empty());
  const auto usage = s->find_number("+8617100000001", now_ + 60s);
  ASSERT_TRUE(usage);
  EXPECT_EQ(usage->live_pairs, 0);
}

// An AXYB binding (migration 0005) is stored with its Y: a live pair on X
// and on Y (counted, uncounted by unbind and sweep, unswept expiry
// subtracted), found by the routing read when A dials Y or B dials X,
// listed by Y, and blocking Y for its parties.
TEST_F(NumbersRepositoryTest, AxybBindingCountsAndRoutesOnXAndY) {
  add_number("+8617100000001", "010");
  add_number("+8617100000002", "020");
  const auto live = [this](const std::string& n, model::Instant at) {
    return repo().begin(SessionKind::read)->find_number(n, at)->live_pairs;
  };
  auto b = binding("y1", Mode::axyb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 60s);
  b.y = "+8617100000002";
  insert(b);
  {
    auto s = repo().begin(SessionKind::read);
    EXPECT_EQ(s->find_binding("y1")->y, "+8617100000002");
    EXPECT_EQ(s->find_binding("y1")->mode, Mode::axyb);
    EXPECT_EQ(s->live_binding_counts(now_).axyb, 1);
    const auto a_dials_y = s->routing_facts("+8617100000002", "+8613800000001", now_);
    EXPECT_EQ(a_dials_y.gateway, std::optional<std::string>("gw-020"));
    ASSERT_EQ(a_dials_y.bindings.size(), 1u);
    EXPECT_EQ(a_dials_y.bindings[0].id, "y1");
    const auto b_dials_x = s->routing_facts("+8617100000001", "+8613900000001", now_);
    ASSERT_EQ(b_dials_x.bindings.size(), 1u);
    EXPECT_EQ(b_dials_x.bindings[0].y, "+8617100000002");
    EXPECT_TRUE(s->routing_facts("+8617100000002", "+8613900000001", now_).bindings.empty());
    EXPECT_TRUE(s->routing_facts("+8617100000002", "+8613800000001", now_ + 60s).bindings.empty());
    const auto listed = s->list_bindings({"+8617100000002", true}, {}, now_);
    ASSERT_EQ(listed.total, 1);
    EXPECT_EQ(listed.items[0].id, "y1");
    const auto blocked = s->blocked_numbers("+8613900000001", "+8613900000001", now_);
    EXPECT_EQ(std::set<std::string>(blocked.begin(), blocked.end()),
              (std::set<std::string>{"+8617100000001", "+8617100000002"}));
  }
  EXPECT_EQ(live("+8617100000001", now_), 1);
  EXPECT_EQ(live("+8617100000002", now_), 1);
  EXPECT_EQ(live("+8617100000002", now_ + 60s), 0);  // past expiry, unswept: subtracted
  {
    auto s = repo().begin(SessionKind::bindings);
    EXPECT_EQ(s->sweep_expired(now_ + 60s), 1);
    s->commit();
  }
  EXPECT_EQ(live("+8617100000001", now_), 0);  // the counts themselves went down
  EXPECT_EQ(live("+8617100000002", now_), 0);

  auto again = binding("y2", Mode::axyb, "+8613800000002", "+8613900000002", "+8617100000001", now_ + 600s);
  again.y = "+8617100000002";
  insert(again);
  EXPECT_EQ(live("+8617100000002", now_), 1);
  {
    auto s = repo().begin(SessionKind::bindings);
    auto released = *s->find_binding("y2");
    released.state = BindingState::released;
    released.released_at = now_;
    s->update_binding(released);
    s->commit();
  }
  EXPECT_EQ(live("+8617100000001", now_), 0);
  EXPECT_EQ(live("+8617100000002", now_), 0);
}

// AXG groups (migration 0005): members kept in order, added once, removed,
// checked by (group, number); an AXG binding keeps its group, owns its X,
// and is among the routing facts of any caller on X.
TEST_F(NumbersRepositoryTest, AxgGroupsAndBindings) {
  {
    auto s = repo().begin(SessionKind::bindings);
    s->insert_group({"grp_1", "couriers", {}, now_, now_});
    EXPECT_TRUE(s->add_member("grp_1", "+8613700000001", now_));
    EXPECT_TRUE(s->add_member("grp_1", "+8613700000002", now_));
    EXPECT_FALSE(s->add_member("grp_1", "+8613700000001", now_));  // once
    s->commit();
  }
  {
    auto s = repo().begin(SessionKind::bindings);
    const auto g = s->find_group("grp_1");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->name, "couriers");
    EXPECT_EQ(g->members, (std::vector<std::string>{"+8613700000001", "+8613700000002"}));
    EXPECT_FALSE(s->find_group("grp_2"));
    EXPECT_TRUE(s->is_member("grp_1", "+8613700000002"));
    EXPECT_TRUE(s->remove_member("grp_1", "+8613700000002"));
    EXPECT_FALSE(s->remove_member("grp_1", "+8613700000002"));
    EXPECT_FALSE(s->is_member("grp_1", "+8613700000002"));
    EXPECT_FALSE(s->is_member("grp_2", "+8613700000001"));
    s->touch_group("grp_1", now_ + 5s);
    s->commit();
  }
  EXPECT_EQ(repo().begin(SessionKind::read)->find_group("grp_1")->updated_at, now_ + 5s);

  add_number("+8617100000001", "010");
  auto b = binding("g1", Mode::axg, "+8613800000001", "", "+8617100000001", now_ + 600s);
  b.group_id = "grp_1";
  insert(b);
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->find_binding("g1")->group_id, "grp_1");
  EXPECT_EQ(s->find_binding("g1")->mode, Mode::axg);
  EXPECT_TRUE(s->find_number("+8617100000001", now_)->exclusive);
  EXPECT_EQ(s->live_binding_counts(now_).axg, 1);
  const auto stranger = s->routing_facts("+8617100000001", "+8613700000009", now_);
  ASSERT_EQ(stranger.bindings.size(), 1u);
  EXPECT_EQ(stranger.bindings[0].id, "g1");
}

// pool_numbers.active_pairs (migration 0004) follows every binding write in
// the same transaction; live_pairs is that count less unswept expired pairs.
TEST_F(NumbersRepositoryTest, LivePairCountFollowsBindUnbindMoveAndSweep) {
  add_number("+8617100000001", "010");
  add_number("+8617100000002", "010");
  const auto live = [this](const std::string& x, model::Instant at) {
    return repo().begin(SessionKind::read)->find_number(x, at)->live_pairs;
  };
  insert(binding("b1", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 60s));
  insert(binding("b2", Mode::axb, "+8613800000002", "+8613900000002", "+8617100000001", now_ + 600s));
  auto ended = binding("b0", Mode::axb, "+8613800000009", "+8613900000009", "+8617100000001", now_ + 600s);
  ended.state = BindingState::released;
  insert(ended);  // a binding that is not active does not count
  EXPECT_EQ(live("+8617100000001", now_), 2);
  // Past b1's expiry, before any sweep: counted, then subtracted.
  EXPECT_EQ(live("+8617100000001", now_ + 60s), 1);
  {
    auto s = repo().begin(SessionKind::bindings);
    EXPECT_EQ(s->sweep_expired(now_ + 60s), 1);
    s->commit();
  }
  EXPECT_EQ(live("+8617100000001", now_ + 60s), 1);
  EXPECT_EQ(live("+8617100000001", now_), 1);  // the count itself went down
  {
    // Moving a pair to another X (as an update could) moves its count;
    // a rolled-back update changes nothing.
    auto s = repo().begin(SessionKind::bindings);
    auto b2 = *s->find_binding("b2");
    b2.x = "+8617100000002";
    s->update_binding(b2);
  }
  EXPECT_EQ(live("+8617100000001", now_), 1);
  {
    auto s = repo().begin(SessionKind::bindings);
    auto b2 = *s->find_binding("b2");
    b2.x = "+8617100000002";
    s->update_binding(b2);
    s->commit();
  }
  EXPECT_EQ(live("+8617100000001", now_), 0);
  EXPECT_EQ(live("+8617100000002", now_), 1);
  {
    // An update that keeps it active on its X (new expiry) changes nothing.
    auto s = repo().begin(SessionKind::bindings);
    auto b2 = *s->find_binding("b2");
    b2.expires_at = now_ + 900s;
    s->update_binding(b2);
    s->commit();
  }
  EXPECT_EQ(live("+8617100000002", now_), 1);
  {
    auto s = repo().begin(SessionKind::bindings);
    auto b2 = *s->find_binding("b2");
    b2.state = BindingState::released;
    b2.released_at = now_;
    s->update_binding(b2);
    s->commit();
  }
  EXPECT_EQ(live("+8617100000002", now_), 0);
  // Candidates come in order of the kept count.
  insert(binding("b3", Mode::axb, "+8613800000003", "+8613900000003", "+8617100000001", now_ + 600s));
  const auto page = repo().begin(SessionKind::read)->pool_candidates("default", "", now_, {0, 1});
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].number.number, "+8617100000002");
  const auto next = repo().begin(SessionKind::read)->pool_candidates("default", "010", now_, {1, 1});
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].number.number, "+8617100000001");
  EXPECT_EQ(next[0].live_pairs, 1);
}

// The routing query reads only what can route the caller, in the same
// order and with the same expiry rule as every live binding on X.
TEST_F(NumbersRepositoryTest, RoutingLookupByCallerAndX) {
  add_number("+8617100000001", "010");
  add_number("+8617100000002", "010");
  insert(binding("b1", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 60s));
  insert(binding("b2", Mode::axb, "+8613800000002", "+8613900000002", "+8617100000001", now_ + 600s));
  insert(binding("n1", Mode::axn, "+8613800000003", "+8613900000003", "+8617100000002", now_ + 600s));
  auto s = repo().begin(SessionKind::read);
  const auto as_a = s->live_bindings_for("+8617100000001", "+8613800000002", now_);
  ASSERT_EQ(as_a.size(), 1u);
  EXPECT_EQ(as_a[0].id, "b2");
  const auto as_b = s->live_bindings_for("+8617100000001", "+8613900000001", now_);
  ASSERT_EQ(as_b.size(), 1u);
  EXPECT_EQ(as_b[0].id, "b1");
  EXPECT_TRUE(s->live_bindings_for("+8617100000001", "+8613900000001", now_ + 60s).empty());
  EXPECT_TRUE(s->live_bindings_for("+8617100000001", "+8613900000003", now_).empty());
  EXPECT_TRUE(s->live_bindings_for("+8617100000002", "+8613800000001", now_ + 600s).empty());
  // An AXN routes anyone, its A included.
  const auto stranger = s->live_bindings_for("+8617100000002", "+8613700000000", now_);
  ASSERT_EQ(stranger.size(), 1u);
  EXPECT_EQ(stranger[0].id, "n1");
  const auto owner = s->live_bindings_for("+8617100000002", "+8613800000003", now_);
  ASSERT_FALSE(owner.empty());
  EXPECT_EQ(owner[0].id, "n1");
}

// The routing answer's one read: the gateway of X with the bindings that
// can route the caller, ordered as live_bindings_on orders them; a known X
// with nothing for the caller still gives its gateway; an unknown X none.
TEST_F(NumbersRepositoryTest, RoutingFactsGiveTheGatewayWithTheBindings) {
  add_number("+8617100000001", "010");
  add_number("+8617100000002", "020");
  add_number("+8617100000003", "030");
  insert(binding("b1", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 600s));
  // An AXN whose A calls: it comes once as "caller is A" and once as "AXN on X".
  auto later = binding("n1", Mode::axn, "+8613800000002", "+8613900000002", "+8617100000002", now_ + 600s);
  later.created_at = now_ + 1s;
  insert(later);
  auto s = repo().begin(SessionKind::read);
  const auto known = s->routing_facts("+8617100000001", "+8613900000001", now_);
  ASSERT_TRUE(known.gateway);
  EXPECT_EQ(*known.gateway, "gw-010");
  EXPECT_EQ(known.x_imported_as, "as imported +8617100000001");
  ASSERT_EQ(known.bindings.size(), 1u);
  EXPECT_EQ(known.bindings[0].id, "b1");
  EXPECT_EQ(known.bindings[0].x, "+8617100000001");
  const auto owner = s->routing_facts("+8617100000002", "+8613800000002", now_);
  EXPECT_EQ(owner.gateway, std::optional<std::string>("gw-020"));
  ASSERT_EQ(owner.bindings.size(), 2u);
  EXPECT_EQ(owner.bindings[0].id, "n1");
  EXPECT_EQ(owner.bindings[1].id, "n1");
  const auto nobody = s->routing_facts("+8617100000001", "+8613700000000", now_);
  EXPECT_EQ(nobody.gateway, std::optional<std::string>("gw-010"));
  EXPECT_TRUE(nobody.bindings.empty());
  const auto expired = s->routing_facts("+8617100000001", "+8613900000001", now_ + 600s);
  EXPECT_EQ(expired.gateway, std::optional<std::string>("gw-010"));
  EXPECT_TRUE(expired.bindings.empty());
  const auto empty_x = s->routing_facts("+8617100000003", "+8613900000001", now_);
  EXPECT_EQ(empty_x.gateway, std::optional<std::string>("gw-030"));
  EXPECT_TRUE(empty_x.bindings.empty());
  const auto unknown = s->routing_facts("+8617100000009", "+8613900000001", now_);
  EXPECT_FALSE(unknown.gateway);
  EXPECT_TRUE(unknown.bindings.empty());
}

// Issue 12: the text a number was imported as is kept (dial format
// "as-imported") through insert, update and every read of the number.
TEST_F(NumbersRepositoryTest, KeepsTheTextANumberWasImportedAs) {
  {
    auto s = repo().begin(SessionKind::bindings);
    s->insert_number({"+861095013001", "gw", "010", NumberState::available, now_, now_, "010-9501 3001"});
    s->commit();
  }
  auto s = repo().begin(SessionKind::bindings);
  auto found = s->find_number("+861095013001", now_);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->number.imported_as, "010-9501 3001");
  found->number.imported_as = "+861095013001";
  s->update_number(found->number);
  EXPECT_EQ(s->find_number("+861095013001", now_)->number.imported_as, "+861095013001");
  const auto listed = s->list_numbers({}, {}, now_);
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].number.imported_as, "+861095013001");
  EXPECT_EQ(s->routing_facts("+861095013001", "+8613800000001", now_).x_imported_as, "+861095013001");
}

TEST_F(NumbersRepositoryTest, SweepMarksExpiredBindingsOnce) {
  add_number("+8617100000001", "010");
  insert(binding("b1", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 60s));
  insert(binding("b2", Mode::axb, "+8613800000002", "+8613900000002", "+8617100000001", now_ + 120s));
  auto s = repo().begin(SessionKind::bindings);
  EXPECT_EQ(s->sweep_expired(now_ + 60s), 1);
  EXPECT_EQ(s->sweep_expired(now_ + 60s), 0);
  const auto b1 = s->find_binding("b1");
  EXPECT_EQ(b1->state, BindingState::expired);
  EXPECT_EQ(b1->released_at, now_ + 60s);
  EXPECT_EQ(s->find_binding("b2")->state, BindingState::active);
}

TEST_F(NumbersRepositoryTest, PoolUsageAndLiveBindingCountsForOperations) {
  add_number("+8617100000001", "010");
  add_number("+8617100000002", "010");
  add_number("+8617100000003", "0755");
  add_number("+8617100000004", "0755");
  insert(binding("b1", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 60s));
  insert(binding("b2", Mode::axb, "+8613800000002", "+8613900000002", "+8617100000001", now_ + 60s));
  insert(binding("b3", Mode::axn, "+8613800000003", "", "+8617100000003", now_ + 120s));
  {
    auto s = repo().begin(SessionKind::bindings);
    auto n = s->find_number("+8617100000004", now_);
    n->number.state = NumberState::quarantined;
    s->update_number(n->number);
    s->commit();
  }
  auto s = repo().begin(SessionKind::read);
  const auto usage = s->pool_usage();
  ASSERT_EQ(usage.size(), 2u);
  EXPECT_EQ(usage[0].gateway, "gw-010");
  EXPECT_EQ(usage[0].total, 2);
  EXPECT_EQ(usage[0].in_use, 1);
  EXPECT_EQ(usage[0].free, 1);
  EXPECT_EQ(usage[1].gateway, "gw-0755");
  EXPECT_EQ(usage[1].total, 2);
  EXPECT_EQ(usage[1].in_use, 1);
  EXPECT_EQ(usage[1].free, 0);  // the quarantined number is neither
  const auto live = s->live_binding_counts(now_);
  EXPECT_EQ(live.axb, 2);
  EXPECT_EQ(live.axn, 1);
  const auto later = s->live_binding_counts(now_ + 60s);  // b1, b2 expire at that instant
  EXPECT_EQ(later.axb, 0);
  EXPECT_EQ(later.axn, 1);
}

TEST_F(NumbersRepositoryTest, ListBindingsByNumberAndOutId) {
  add_number("+8617100000001", "010");
  add_number("+8617100000002", "010");
  insert(binding("b1", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 60s));
  auto b2 = binding("b2", Mode::axb, "+8613800000001", "+8613900000002", "+8617100000002", now_ + 600s);
  b2.out_id = "o-2";
  insert(b2);
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->list_bindings({"+8613800000001", true}, {0, 10}, now_).total, 2);
  EXPECT_EQ(s->list_bindings({"+8613800000001", true}, {0, 10}, now_ + 60s).total, 1);
  EXPECT_EQ(s->list_bindings({"+8613800000001", false}, {0, 10}, now_ + 60s).total, 2);
  EXPECT_EQ(s->list_bindings({"+8617100000002", true}, {0, 10}, now_).items.at(0).id, "b2");
  const auto page = s->list_bindings({"", true}, {1, 1}, now_);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.items.size(), 1u);
  EXPECT_EQ(s->find_live_by_out_id("o-2", "default", now_)->id, "b2");
  EXPECT_FALSE(s->find_live_by_out_id("o-2", "default", now_ + 600s));
}

TEST_F(NumbersRepositoryTest, PoolCandidatesFewestPairsFirstWithinArea) {
  add_number("+8617100000001", "010");
  add_number("+8617100000002", "010");
  add_number("+8617100000003", "0755");
  add_number("+8617100000004", "010", NumberState::quarantined);
  insert(binding("b1", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 60s));
  insert(binding("b2", Mode::axn, "+8613800000002", "", "+8617100000003", now_ + 60s));
  auto s = repo().begin(SessionKind::read);
  const auto area = s->pool_candidates("default", "010", now_, {0, 10});
  ASSERT_EQ(area.size(), 2u);
  EXPECT_EQ(area[0].number.number, "+8617100000002");
  EXPECT_EQ(area[1].number.number, "+8617100000001");
  EXPECT_EQ(area[1].live_pairs, 1);
  const auto all = s->pool_candidates("default", "", now_, {0, 10});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(all[2].exclusive);
  EXPECT_FALSE(all[0].exclusive);
}

TEST_F(NumbersRepositoryTest, BlockedNumbersCoverLivePairsAndCoolDown) {
  add_number("+8617100000001", "010");
  add_number("+8617100000002", "010");
  insert(binding("live", Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001", now_ + 600s));
  auto ended = binding("ended", Mode::axb, "+8613800000002", "+8613900000002", "+8617100000002", now_ + 600s);
  ended.state = BindingState::released;
  ended.released_at = now_;
  insert(ended);
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->blocked_numbers("+8613900000001", "+8613700000000", now_),
            std::vector<std::string>{"+8617100000001"});
  // Released at now_: blocked while the cool-down window reaches back past it.
  EXPECT_EQ(s->blocked_numbers("+8613800000002", "+8613800000002", now_ - 1s),
            std::vector<std::string>{"+8617100000002"});
  EXPECT_TRUE(s->blocked_numbers("+8613800000002", "+8613800000002", now_).empty());
  EXPECT_TRUE(s->blocked_numbers("+8613700000000", "+8613700000001", now_).empty());
}

// Binding sessions are serialised: the second waits for the first to commit
// and then sees its writes (the conflict check of a bind relies on this).
TEST_F(NumbersRepositoryTest, BindingSessionsAreSerialised) {
  std::atomic<bool> first_has_lock{false};
  std::thread first([this, &first_has_lock] {
    auto s = repo().begin(SessionKind::bindings);
    first_has_lock = true;
    std::this_thread::sleep_for(150ms);
    s->insert_number({"+8617100000001", "gw", "010", NumberState::available, now_, now_, ""});
    s->commit();
  });
  while (!first_has_lock) std::this_thread::sleep_for(1ms);
  auto s = repo().begin(SessionKind::bindings);
  EXPECT_TRUE(s->find_number("+8617100000001", now_));
  first.join();
}

}  // namespace
}  // namespace ctib::numbers::storage::testing
