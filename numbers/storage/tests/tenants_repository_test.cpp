// Tenants in the repository suite (migration 0007), both backends: every
// row keeps its tenant, listings filter on it ("" = every tenant), a pick
// only sees its tenant's numbers, out_id is per tenant, routing reads X's
// tenant in the same statement, and dead push items are listed and re-sent
// per tenant.
#include <gtest/gtest.h>

#include <chrono>

#include "numbers/storage/tests/repository_fixture.hpp"

namespace ctib::numbers::storage::testing {
namespace {

using namespace std::chrono_literals;

class TenantsRepositoryTest : public NumbersRepositoryTest {
 protected:
  void add_for(const std::string& tenant, const std::string& number) {
    auto s = repo().begin(SessionKind::bindings);
    model::MiddleNumber n{number, "gw-010", "010", model::NumberState::available, now_, now_, number};
    n.tenant = tenant;
    s->insert_number(n);
    s->commit();
  }
  model::Binding of(const std::string& tenant, model::Binding b) const {
    b.tenant = tenant;
    return b;
  }
};

TEST_F(TenantsRepositoryTest, NumbersAndPicksStayInTheirTenant) {
  add_for("acme", "+8617100000001");
  add_for("globex", "+8617100000002");
  add_number("+8617100000003", "010");  // the default tenant's
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->find_number("+8617100000001", now_)->number.tenant, "acme");
  EXPECT_EQ(s->find_number("+8617100000003", now_)->number.tenant, "default");
  NumberFilter acme;
  acme.tenant = "acme";
  const auto listed = s->list_numbers(acme, {0, 10}, now_);
  ASSERT_EQ(listed.total, 1);
  EXPECT_EQ(listed.items.at(0).number.number, "+8617100000001");
  EXPECT_EQ(s->list_numbers(NumberFilter{}, {0, 10}, now_).total, 3);
  for (const std::string area : {"", "010"}) {
    const auto picked = s->pool_candidates("globex", area, now_, {0, 10});
    ASSERT_EQ(picked.size(), 1u) << area;
    EXPECT_EQ(picked.front().number.number, "+8617100000002");
  }
  EXPECT_TRUE(s->pool_candidates("nobody", "", now_, {0, 10}).empty());
}

TEST_F(TenantsRepositoryTest, BindingsOutIdsAndRoutingCarryTheTenant) {
  add_for("acme", "+8617100000001");
  add_for("globex", "+8617100000002");
  auto b1 = of("acme", binding("b1", model::Mode::axb, "+8613800000001", "+8613900000001", "+8617100000001",
                               now_ + 600s));
  b1.out_id = "order-1";
  auto b2 = of("globex", binding("b2", model::Mode::axb, "+8613800000002", "+8613900000002", "+8617100000002",
                                 now_ + 600s));
  b2.out_id = "order-1";
  insert(b1);
  insert(b2);
  auto s = repo().begin(SessionKind::read);
  EXPECT_EQ(s->find_binding("b1")->tenant, "acme");
  EXPECT_EQ(s->find_live_by_out_id("order-1", "acme", now_)->id, "b1");
  EXPECT_EQ(s->find_live_by_out_id("order-1", "globex", now_)->id, "b2");
  EXPECT_FALSE(s->find_live_by_out_id("order-1", "default", now_));
  BindingFilter globex;
  globex.tenant = "globex";
  const auto listed = s->list_bindings(globex, {0, 10}, now_);
  ASSERT_EQ(listed.total, 1);
  EXPECT_EQ(listed.items.at(0).id, "b2");
  EXPECT_EQ(s->list_bindings(BindingFilter{}, {0, 10}, now_).total, 2);
  // One statement gives the binding (with its tenant) and X's tenant.
  const auto facts = s->routing_facts("+8617100000001", "+8613800000001", now_);
  ASSERT_EQ(facts.bindings.size(), 1u);
  EXPECT_EQ(facts.bindings.front().tenant, "acme");
  EXPECT_EQ(facts.x_tenant, "acme");
  EXPECT_EQ(s->routing_facts("+8617100000002", "+8613600000000", now_).x_tenant, "globex");
}

TEST_F(TenantsRepositoryTest, GroupsAreListedPerTenantAndDeleted) {
  add_for("acme", "+8617100000001");
  {
    auto s = repo().begin(SessionKind::bindings);
    model::NumberGroup g{"g1", "couriers", {}, now_, now_, "acme", 0};
    s->insert_group(g);
    s->add_member("g1", "+8613700000001", now_);
    s->add_member("g1", "+8613700000002", now_);
    s->insert_group(model::NumberGroup{"g2", "other", {}, now_, now_, "globex", 0});
    auto axg =
        of("acme", binding("b1", model::Mode::axg, "+8613800000001", "", "+8617100000001", now_ + 600s));
    axg.group_id = "g1";
    s->insert_binding(axg);
    s->commit();
  }
  auto s = repo().begin(SessionKind::bindings);
  const auto acme = s->list_groups("acme", {0, 10});
  ASSERT_EQ(acme.total, 1);
  EXPECT_EQ(acme.items.at(0).id, "g1");
  EXPECT_EQ(acme.items.at(0).member_count, 2);
  EXPECT_EQ(acme.items.at(0).tenant, "acme");
  EXPECT_EQ(s->list_groups("", {0, 10}).total, 2);
  EXPECT_EQ(s->find_group("g2")->tenant, "globex");
  EXPECT_EQ(s->group_in_use("g1", now_), 1);
  EXPECT_EQ(s->group_in_use("g1", now_ + 600s), 0);  // the binding has expired by then
  EXPECT_EQ(s->group_in_use("g2", now_), 0);
  s->delete_group("g2");
  EXPECT_FALSE(s->find_group("g2"));
  s->commit();
}

TEST_F(TenantsRepositoryTest, RecordsAndDeadPushItemsPerTenant) {
  {
    auto s = repo().begin(SessionKind::records);
    for (const auto& [uuid, tenant] : {std::pair{"u1", "acme"}, std::pair{"u2", "globex"}}) {
      CallRecord r = s->lock_record(uuid, now_);
      r.seen = static_cast<unsigned>(model::Event::request);
      r.call_time = now_;
      r.tenant = tenant;
      s->save_record(r);
      PushItem item;
      item.id = uuid == std::string("u1") ? 1 : 2;
      item.idempotency_key = std::string(uuid) + ":record";
      item.url = "http://r/in";
      item.kind = "record";
      item.uuid = uuid;
      item.payload = "{}";
      item.created_at = now_;
      item.next_attempt_at = now_;
      item.tenant = tenant;
      s->enqueue_push(item);
      s->fail_push(item.id, now_, "refused", true);
    }
    s->commit();
  }
  auto s = repo().begin(SessionKind::records);
  EXPECT_EQ(s->find_record("u1")->tenant, "acme");
  RecordFilter acme;
  acme.tenant = "acme";
  const auto records = s->list_records(acme, {0, 10});
  ASSERT_EQ(records.total, 1);
  EXPECT_EQ(records.items.at(0).uuid, "u1");
  EXPECT_EQ(s->list_records(RecordFilter{}, {0, 10}).total, 2);
  const auto dead = s->list_dead_push("globex", {0, 10});
  ASSERT_EQ(dead.total, 1);
  EXPECT_EQ(dead.items.at(0).id, 2);
  EXPECT_EQ(dead.items.at(0).tenant, "globex");
  EXPECT_EQ(s->list_dead_push("", {0, 10}).total, 2);
  EXPECT_FALSE(s->resend_push(1, "globex", now_));  // acme's item: not globex's to re-send
  EXPECT_TRUE(s->resend_push(1, "acme", now_));
  EXPECT_TRUE(s->resend_push(2, "", now_));  // an operator's
  s->commit();
}

}  // namespace
}  // namespace ctib::numbers::storage::testing
