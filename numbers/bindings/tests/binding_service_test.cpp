// The binding operations against a real (SQLite) repository and a fake
// clock: pool selection, conflicts, pair limit, cool-down, AXN ownership,
// out_id idempotency, expiry at the instant, sweep.
#include "numbers/bindings/binding_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <atomic>
#include <random>
#include <thread>

#include "numbers/bindings/call_router.hpp"
#include "numbers/bindings/sweeper.hpp"
#include "numbers/storage/sqlite/sqlite.hpp"

namespace ctib::numbers::bindings {
namespace {

using namespace std::chrono_literals;
using model::Mode;

constexpr const char* kA = "+8613800000001";
constexpr const char* kB = "+8613900000001";

class BindingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ctib-bind-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    repo_ = storage::sqlite::open((dir_ / "n.db").string(), 2, clock_.now());
    pool_ = std::make_unique<pool::PoolService>(*repo_, clock_, policy_);
    service_ = std::make_unique<BindingService>(*repo_, *pool_, clock_);
    router_ = std::make_unique<CallRouter>(*repo_, clock_);
  }
  void TearDown() override {
    service_.reset();
    pool_.reset();
    repo_.reset();
    std::filesystem::remove_all(dir_);
  }

  void add(std::string number, std::string area) {
    ASSERT_TRUE(pool_->import({{number, "gw-" + area, area, number}}));
  }

  BindRequest request(Mode mode, std::string a, std::string b) {
    BindRequest r;
    r.mode = mode;
    r.a = std::move(a);
    r.b = std::move(b);
    r.expires_at = clock_.now() + 3600s;
    return r;
  }

  model::Binding bind_ok(const BindRequest& r) {
    auto result = service_->bind(r);
    EXPECT_TRUE(result) << (result ? "" : result.error().message);
    return result ? result->binding : model::Binding{};
  }

  model::FakeClock clock_;
  pool::Policy policy_{2, 300s};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Repository> repo_;
  std::unique_ptr<pool::PoolService> pool_;
  std::unique_ptr<BindingService> service_;
  std::unique_ptr<CallRouter> router_;
};

TEST_F(BindingServiceTest, SpreadsPairsFewestLivePairsFirst) {
  add("+8617100000001", "010");
  add("+8617100000002", "010");
  const auto first = bind_ok(request(Mode::axb, kA, kB));
  const auto second = bind_ok(request(Mode::axb, "+8613800000002", "+8613900000002"));
  EXPECT_NE(first.x, second.x);
}

TEST_F(BindingServiceTest, NeverGivesAnXWhosePairSharesANumber) {
  add("+8617100000001", "010");
  bind_ok(request(Mode::axb, kA, kB));
  const auto clash = service_->bind(request(Mode::axb, kA, "+8613900000002"));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, model::Failure::Kind::exhausted);
  auto explicit_x = request(Mode::axb, "+8613800000003", kB);
  explicit_x.x = "+8617100000001";
  const auto refused = service_->bind(explicit_x);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "x");
  EXPECT_EQ(refused.error().kind, model::Failure::Kind::conflict);
}

TEST_F(BindingServiceTest, HonoursThePerXPairLimit) {
  add("+8617100000001", "010");
  bind_ok(request(Mode::axb, "+8613800000001", "+8613900000001"));
  bind_ok(request(Mode::axb, "+8613800000002", "+8613900000002"));
  EXPECT_FALSE(service_->bind(request(Mode::axb, "+8613800000003", "+8613900000003")));
}

TEST_F(BindingServiceTest, AreaThenFallbackThenExhausted) {
  add("+8617100000001", "010");
  add("+8675500000001", "0755");
  auto r = request(Mode::axb, kA, kB);
  r.areas = {"021", "0755"};
  EXPECT_EQ(bind_ok(r).x, "+8675500000001");
  auto none = request(Mode::axb, "+8613800000002", "+8613900000002");
  none.areas = {"021"};
  const auto failed = service_->bind(none);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().field, "area_code");
}

TEST_F(BindingServiceTest, CoolDownKeepsAReleasedXAwayFromTheSameParties) {
  add("+8617100000001", "010");
  const auto b = bind_ok(request(Mode::axb, kA, kB));
  ASSERT_TRUE(service_->unbind(b.id));
  EXPECT_FALSE(service_->bind(request(Mode::axb, kA, "+8613900000002")));
  // Other parties may use the X at once.
  bind_ok(request(Mode::axb, "+8613800000005", "+8613900000005"));
  clock_.advance(300s);
  bind_ok(request(Mode::axb, kA, "+8613900000002"));
}

// AXYB takes two different middle numbers under the pool rules, counts a
// pair on each, and routes A→Y→B and B→X→A through the shown number's trunk.
TEST_F(BindingServiceTest, AxybTakesTwoNumbersAndRoutesEachWayThroughTheShownOnesGateway) {
  add("+8617100000001", "010");
  add("+8617100000002", "020");
  auto r = request(Mode::axyb, kA, kB);
  const auto b = bind_ok(r);
  ASSERT_EQ(b.mode, Mode::axyb);
  EXPECT_NE(b.x, b.y);
  EXPECT_FALSE(b.y.empty());
  EXPECT_EQ(pool_->get(b.x)->live_pairs, 1);
  EXPECT_EQ(pool_->get(b.y)->live_pairs, 1);

  const auto a_calls = router_->route(kA, b.y);
  ASSERT_TRUE(a_calls.dial) << a_calls.reason;
  EXPECT_EQ(a_calls.dial->callee, kB);
  EXPECT_EQ(a_calls.dial->caller_id, b.x);
  EXPECT_EQ(a_calls.dial->gateway, pool_->get(b.x)->number.gateway);
  EXPECT_EQ(a_calls.dial->caller_id_imported_as, b.x);  // add() imports the canonical text
  const auto b_calls = router_->route(kB, b.x);
  ASSERT_TRUE(b_calls.dial) << b_calls.reason;
  EXPECT_EQ(b_calls.dial->callee, kA);
  EXPECT_EQ(b_calls.dial->caller_id, b.y);
  EXPECT_EQ(b_calls.dial->gateway, pool_->get(b.y)->number.gateway);
  EXPECT_FALSE(router_->route(kA, b.x).dial);
  EXPECT_FALSE(router_->route(kB, b.y).dial);

  // Either number now serves a pair with A and B: no second pair with them
  // can take it, and the pool has no third.
  const auto again = service_->bind(request(Mode::axb, kA, "+8613900000009"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, model::Failure::Kind::exhausted);

  // Unbinding frees both.
  ASSERT_TRUE(service_->unbind(b.id));
  EXPECT_EQ(pool_->get(b.x)->live_pairs, 0);
  EXPECT_EQ(pool_->get(b.y)->live_pairs, 0);
}

TEST_F(BindingServiceTest, AxybGivenNumbersFollowThePoolRules) {
  add("+8617100000001", "010");
  add("+8617100000002", "010");
  auto r = request(Mode::axyb, kA, kB);
  r.x = "+8617100000001";
  r.y = "+8617100000009";
  const auto unknown = service_->bind(r);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "y");
  r.y = "+8617100000002";
  const auto b = bind_ok(r);
  EXPECT_EQ(b.x, "+8617100000001");
  EXPECT_EQ(b.y, "+8617100000002");
  // An AXN needs a number without live pairs: Y has one now.
  auto axn = request(Mode::axn, "+8613800000005", "");
  axn.x = "+8617100000002";
  const auto owned = service_->bind(axn);
  ASSERT_FALSE(owned);
  EXPECT_EQ(owned.error().field, "x");
  // Only one number left for the pair's parties: none.
  auto one_left = request(Mode::axyb, "+8613800000007", "+8613900000007");
  one_left.x = "+8617100000001";
  one_left.y = "+8617100000001";
  EXPECT_EQ(service_->bind(one_left).error().field, "y");
}

// AXG through the services: the group must exist, the binding owns its X,
// and membership is read per call, so adding or removing a member applies
// to the next call.
TEST_F(BindingServiceTest, AxgRoutesOnlyMembersOfItsGroup) {
  add("+8617100000001", "010");
  add("+8617100000002", "010");
  constexpr const char* kMember = "+8613700000001";
  constexpr const char* kOther = "+8613700000002";
  auto r = request(Mode::axg, kA, "");
  r.group_id = "grp_missing";
  const auto missing = service_->bind(r);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "group_id");

  const auto group = service_->create_group("couriers", {kMember});
  EXPECT_EQ(group.members, std::vector<std::string>{kMember});
  r.group_id = group.id;
  const auto b = bind_ok(r);
  EXPECT_EQ(b.group_id, group.id);
  EXPECT_TRUE(pool_->get(b.x)->exclusive);  // owns X as AXN does

  const auto member = router_->route(kMember, b.x);
  ASSERT_TRUE(member.dial) << member.reason;
  EXPECT_EQ(member.dial->callee, kA);
  const auto other = router_->route(kOther, b.x);
  EXPECT_FALSE(other.dial);
  ASSERT_TRUE(other.binding);
  EXPECT_EQ(other.binding->id, b.id);

  ASSERT_TRUE(service_->add_members(group.id, {kOther, kMember}));
  EXPECT_EQ(service_->group(group.id)->members, (std::vector<std::string>{kMember, kOther}));
  EXPECT_TRUE(router_->route(kOther, b.x).dial);
  ASSERT_TRUE(service_->remove_member(group.id, kMember));
  EXPECT_FALSE(router_->route(kMember, b.x).dial);
  const auto not_member = service_->remove_member(group.id, kMember);
  ASSERT_FALSE(not_member);
  EXPECT_EQ(not_member.error().kind, model::Failure::Kind::not_found);
  EXPECT_EQ(service_->add_members("grp_missing", {kOther}).error().kind, model::Failure::Kind::not_found);
}

TEST_F(BindingServiceTest, AxnOwnsItsX) {
  add("+8617100000001", "010");
  add("+8617100000002", "010");
  bind_ok(request(Mode::axb, kA, kB));
  const auto axn = bind_ok(request(Mode::axn, "+8613800000007", ""));
  EXPECT_EQ(axn.x, "+8617100000002");
  EXPECT_FALSE(service_->bind(request(Mode::axn, "+8613800000008", "")));
  bind_ok(request(Mode::axb, "+8613800000009", "+8613900000009"));  // goes to the AXB number
}

TEST_F(BindingServiceTest, SameOutIdIsIdempotent) {
  add("+8617100000001", "010");
  auto r = request(Mode::axb, kA, kB);
  r.out_id = "order-1";
  const auto first = service_->bind(r);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->created);
  const auto again = service_->bind(r);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->binding.id, first->binding.id);
  auto other = request(Mode::axb, kA, "+8613900000002");
  other.out_id = "order-1";
  const auto clash = service_->bind(other);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().field, "out_id");
}

TEST_F(BindingServiceTest, StopsRoutingAtTheExpiryInstantAndSweeps) {
  add("+8617100000001", "010");
  auto r = request(Mode::axb, kA, kB);
  r.expires_at = clock_.now() + 60s;
  const auto b = bind_ok(r);
  clock_.advance(59s);
  EXPECT_TRUE(router_->route(kA, b.x).dial);
  clock_.advance(1s);
  EXPECT_FALSE(router_->route(kA, b.x).dial);
  EXPECT_EQ(service_->get(b.id)->state, model::BindingState::expired);
  EXPECT_EQ(service_->sweep(), 1);
  EXPECT_EQ(service_->sweep(), 0);
}

TEST_F(BindingServiceTest, UpdateChangesBExpiryAndRestriction) {
  add("+8617100000001", "010");
  const auto b = bind_ok(request(Mode::axb, kA, kB));
  bind_ok(request(Mode::axb, "+8613800000002", "+8613900000002"));
  const auto clash = service_->update(b.id, UpdateRequest{std::string("+8613900000002"), {}, {}});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().field, "b");
  const auto updated = service_->update(
      b.id, UpdateRequest{std::string("+8613900000003"), clock_.now() + 7200s, model::Restriction::b_to_x_barred});
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->b, "+8613900000003");
  EXPECT_FALSE(router_->route("+8613900000003", b.x).dial);
  EXPECT_TRUE(router_->route(kA, b.x).dial);
  EXPECT_FALSE(router_->route(kB, b.x).dial);
}

TEST_F(BindingServiceTest, UnbindStopsRoutingAndIsIdempotent) {
  add("+8617100000001", "010");
  const auto b = bind_ok(request(Mode::axb, kA, kB));
  const auto first = service_->unbind(b.id);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->state, model::BindingState::released);
  EXPECT_FALSE(router_->route(kA, b.x).dial);
  EXPECT_TRUE(service_->unbind(b.id));
  EXPECT_FALSE(service_->unbind("bnd_nope"));
  EXPECT_FALSE(service_->update(b.id, UpdateRequest{{}, {}, model::Restriction::none}));
}

TEST_F(BindingServiceTest, RetireRefusedWhileLive) {
  add("+8617100000001", "010");
  const auto b = bind_ok(request(Mode::axb, kA, kB));
  EXPECT_FALSE(pool_->retire(b.x));
  ASSERT_TRUE(service_->unbind(b.id));
  EXPECT_EQ(pool_->retire(b.x)->number.state, model::NumberState::retired);
  EXPECT_FALSE(service_->bind(request(Mode::axb, "+8613800000002", "+8613900000002")));
}

// Binds racing for the same party on a one-number pool: exactly one wins.
TEST_F(BindingServiceTest, ConcurrentBindsNeverShareAPartyOnOneX) {
  add("+8617100000001", "010");
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([this, i, &won] {
      if (service_->bind(request(Mode::axb, kA, "+861390000000" + std::to_string(i)))) ++won;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
}

TEST_F(BindingServiceTest, SweeperMarksExpiredBindingsInTheBackground) {
  add("+8617100000001", "010");
  auto r = request(Mode::axb, kA, kB);
  r.expires_at = clock_.now() + 60s;
  const auto b = bind_ok(r);
  Sweeper sweeper(*service_, 1s, {});
  sweeper.start();
  clock_.advance(61s);
  model::BindingState state = model::BindingState::active;
  for (int i = 0; i < 50 && state == model::BindingState::active; ++i) {
    std::this_thread::sleep_for(100ms);
    state = repo_->begin(storage::SessionKind::read)->find_binding(b.id)->state;
  }
  sweeper.stop();
  EXPECT_EQ(state, model::BindingState::expired);
}

}  // namespace
}  // namespace ctib::numbers::bindings
