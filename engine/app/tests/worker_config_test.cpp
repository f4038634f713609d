#include "engine/app/worker_config.hpp"

#include <gtest/gtest.h>

namespace ctib::app {
namespace {

config::EngineConfig sample() {
  config::EngineConfig cfg;
  cfg.spool_dir = "/var/spool/ctib";
  cfg.registrations_db = "regs.db";
  cfg.admin = config::AdminConfig{};
  cfg.admin->port = 8021;
  config::GatewayConfig g;
  g.name = "carrier";
  g.register_ = true;
  cfg.gateways.push_back(g);
  return cfg;
}

TEST(WorkerConfig, OneWorkerKeepsTheConfiguration) {
  auto cfg = sample();
  adjust_for_worker(cfg, 0, 1);
  EXPECT_EQ(cfg.spool_dir, "/var/spool/ctib");
  EXPECT_EQ(cfg.registrations_db, "regs.db");
  EXPECT_EQ(cfg.admin->port, 8021);
  EXPECT_TRUE(cfg.gateways[0].register_);
}

TEST(WorkerConfig, EachWorkerHasItsOwnFilesAndPort) {
  auto w0 = sample();
  auto w2 = sample();
  adjust_for_worker(w0, 0, 3);
  adjust_for_worker(w2, 2, 3);
  EXPECT_EQ(w0.spool_dir, "/var/spool/ctib/worker-0");
  EXPECT_EQ(w2.spool_dir, "/var/spool/ctib/worker-2");
  EXPECT_EQ(w2.registrations_db, "regs.db.worker-2");
  EXPECT_EQ(w0.admin->port, 8021);
  EXPECT_EQ(w2.admin->port, 8023);
  // Gateway registrations: worker 0 only.
  EXPECT_TRUE(w0.gateways[0].register_);
  EXPECT_FALSE(w2.gateways[0].register_);
}

TEST(WorkerConfig, InMemoryRegistrationsAndEphemeralAdminPortStaySo) {
  auto cfg = sample();
  cfg.registrations_db.clear();
  cfg.admin->port = 0;
  adjust_for_worker(cfg, 1, 2);
  EXPECT_TRUE(cfg.registrations_db.empty());
  EXPECT_EQ(cfg.admin->port, 0);
}

}  // namespace
}  // namespace ctib::app
