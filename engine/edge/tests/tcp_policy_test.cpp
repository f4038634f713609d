#include "engine/edge/tcp_policy.hpp"

#include <gtest/gtest.h>

namespace ctib::edge {
namespace {

std::vector<Listener> one_listener(unsigned max, unsigned per_source) {
  Listener l{"internal", "127.0.0.1", 5060, {}};
  l.limits.max_connections = max;
  l.limits.max_connections_per_source = per_source;
  l.limits.header_timeout_ms = 1000;
  return {l};
}

Connection conn(int fd, std::string ip, std::uint64_t first_seen, std::uint64_t bytes = 100) {
  Connection c;
  c.fd = fd;
  c.peer_ip = std::move(ip);
  c.first_seen = first_seen;
  c.bytes_received = bytes;
  c.ms_since_last_receive = 10;
  return c;
}

std::vector<int> fds(const std::vector<Closing>& closing) {
  std::vector<int> out;
  for (const auto& c : closing) out.push_back(c.fd);
  return out;
}

TEST(EdgeTcpPolicy, PerSourceLimitClosesTheNewestOfThatSourceOnly) {
  std::vector<Connection> cs = {conn(10, "192.0.2.1", 1), conn(11, "192.0.2.1", 2), conn(12, "192.0.2.1", 3),
                                conn(9, "192.0.2.1", 4), conn(13, "192.0.2.2", 4)};
  auto out = connections_to_close(one_listener(100, 2), cs, 1000);
  EXPECT_EQ(fds(out), (std::vector<int>{12, 9}));
  EXPECT_EQ(out[0].reason, CloseReason::per_source);
}

TEST(EdgeTcpPolicy, TrustedSourcesAreExemptButCount) {
  auto a = conn(10, "192.0.2.1", 1);
  auto b = conn(11, "192.0.2.1", 1);
  auto c = conn(12, "192.0.2.1", 1);
  a.trusted = b.trusted = c.trusted = true;
  auto out = connections_to_close(one_listener(3, 1), {a, b, c, conn(13, "192.0.2.9", 2)}, 1000);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].fd, 13);
  EXPECT_EQ(out[0].reason, CloseReason::listener_full);
}

TEST(EdgeTcpPolicy, SilentPastTheHeaderTimeoutIsClosedASpeakerIsNot) {
  auto silent = conn(10, "192.0.2.1", 1, 0);
  silent.ms_since_last_receive = 1000;
  auto young = conn(11, "192.0.2.1", 1, 0);
  young.ms_since_last_receive = 999;
  auto idle_speaker = conn(12, "192.0.2.1", 1, 500);
  idle_speaker.ms_since_last_receive = 50000;  // sofia's tcp-idle-timeout handles it
  auto quiet_trunk = conn(13, "192.0.2.7", 1, 0);
  quiet_trunk.ms_since_last_receive = 5000;
  quiet_trunk.trusted = true;
  auto out = connections_to_close(one_listener(100, 10), {silent, young, idle_speaker, quiet_trunk}, 1000);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].fd, 10);
  EXPECT_EQ(out[0].reason, CloseReason::silent);
}

TEST(EdgeTcpPolicy, TheTotalBudgetAndBansApply) {
  auto banned = conn(14, "203.0.113.5", 1);
  banned.banned = true;
  auto out = connections_to_close(one_listener(100, 10),
                                  {conn(10, "192.0.2.1", 1), conn(11, "192.0.2.2", 2), conn(12, "192.0.2.3", 3), banned},
                                  2);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].fd, 14);
  EXPECT_EQ(out[0].reason, CloseReason::banned);
  EXPECT_EQ(out[1].fd, 12);
  EXPECT_EQ(out[1].reason, CloseReason::total_full);
}

}  // namespace
}  // namespace ctib::edge
