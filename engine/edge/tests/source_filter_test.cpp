// The kernel filter on real loopback sockets: what it drops and keeps is
// observed by receiving. Loopback delivers in order, so "the marker
// datagram sent after the dropped one is the first to arrive" proves the
// drop without waiting for anything.
#include "engine/edge/source_filter.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace ctib::edge {
namespace {

struct Udp {
  int fd = -1;
  explicit Udp(int family) : fd(::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
  ~Udp() {
    if (fd >= 0) ::close(fd);
  }
  Udp(const Udp&) = delete;
  Udp& operator=(const Udp&) = delete;
};

sockaddr_storage address(const std::string& ip, int family) {
  sockaddr_storage ss{};
  if (family == AF_INET) {
    auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
    sa->sin_family = AF_INET;
    inet_pton(AF_INET, ip.c_str(), &sa->sin_addr);
  } else {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
    sa->sin6_family = AF_INET6;
    inet_pton(AF_INET6, ip.c_str(), &sa->sin6_addr);
  }
  return ss;
}

socklen_t length(int family) { return family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6); }

// Binds `socket` to ip:0 and returns its address with the port.
sockaddr_storage bind_any_port(Udp& socket, const std::string& ip, int family) {
  sockaddr_storage ss = address(ip, family);
  EXPECT_EQ(::bind(socket.fd, reinterpret_cast<sockaddr*>(&ss), length(family)), 0) << std::strerror(errno);
  socklen_t len = sizeof ss;
  ::getsockname(socket.fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return ss;
}

bool ipv6_loopback_available() {
  Udp probe(AF_INET6);
  if (probe.fd < 0) return false;
  sockaddr_storage ss = address("::1", AF_INET6);
  return ::bind(probe.fd, reinterpret_cast<sockaddr*>(&ss), sizeof(sockaddr_in6)) == 0;
}

// Sends `payload` from a socket bound to `from` to `to`.
void send_from(const std::string& from, int family, const sockaddr_storage& to, const std::string& payload) {
  Udp sender(family);
  bind_any_port(sender, from, family);
  ASSERT_EQ(::sendto(sender.fd, payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                     length(family)),
            static_cast<ssize_t>(payload.size()))
      << std::strerror(errno);
}

std::string receive(const Udp& socket) {
  char buffer[64];
  const ssize_t n = ::recv(socket.fd, buffer, sizeof buffer, 0);
  return n < 0 ? std::string("error") : std::string(buffer, static_cast<std::size_t>(n));
}

TEST(EdgeSourceFilter, DropsListedIpv4SourcesAndKeepsOthers) {
  Udp server(AF_INET);
  const sockaddr_storage to = bind_any_port(server, "127.0.0.1", AF_INET);
  ASSERT_TRUE(drop_sources(server.fd, {"127.0.0.2", "2001:db8::1", "not an address"}));
  send_from("127.0.0.2", AF_INET, to, "banned");
  send_from("127.0.0.3", AF_INET, to, "other");
  EXPECT_EQ(receive(server), "other");
  // An empty list removes the filter.
  ASSERT_TRUE(drop_sources(server.fd, {}));
  send_from("127.0.0.2", AF_INET, to, "unbanned");
  EXPECT_EQ(receive(server), "unbanned");
}

TEST(EdgeSourceFilter, DropsListedIpv6Sources) {
  if (!ipv6_loopback_available()) GTEST_SKIP() << "no ::1 on this host";
  Udp server(AF_INET6);
  const sockaddr_storage to = bind_any_port(server, "::1", AF_INET6);
  // ::1 is the only IPv6 loopback source: ban it, then lift the ban and
  // send a marker; the marker must be the first datagram received.
  ASSERT_TRUE(drop_sources(server.fd, {"127.0.0.2", "::1"}));
  send_from("::1", AF_INET6, to, "banned");
  // A list that differs from ::1 only in its last word keeps it.
  ASSERT_TRUE(drop_sources(server.fd, {"::2", "1::1", "0:0:0:1::1"}));
  send_from("::1", AF_INET6, to, "kept");
  EXPECT_EQ(receive(server), "kept");
}

TEST(EdgeSourceFilter, ADualStackSocketMatchesMappedIpv4Sources) {
  if (!ipv6_loopback_available()) GTEST_SKIP() << "no ::1 on this host";
  Udp server(AF_INET6);
  int off = 0;
  ASSERT_EQ(::setsockopt(server.fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off), 0);
  sockaddr_storage to = bind_any_port(server, "::", AF_INET6);
  const auto port = reinterpret_cast<sockaddr_in6*>(&to)->sin6_port;
  sockaddr_storage to4 = address("127.0.0.1", AF_INET);
  reinterpret_cast<sockaddr_in*>(&to4)->sin_port = port;
  sockaddr_storage to6 = address("::1", AF_INET6);
  reinterpret_cast<sockaddr_in6*>(&to6)->sin6_port = port;
  ASSERT_TRUE(drop_sources(server.fd, {"::ffff:127.0.0.2", "::1"}));
  send_from("127.0.0.2", AF_INET, to4, "mapped banned");
  send_from("::1", AF_INET6, to6, "v6 banned");
  send_from("127.0.0.3", AF_INET, to4, "other");
  EXPECT_EQ(receive(server), "other");
}

TEST(EdgeSourceFilter, AFullListOfIpv6SourcesFitsTheKernelsLimit) {
  Udp server(AF_INET6);
  std::vector<std::string> many;
  for (int i = 0; i < 1000; ++i) many.push_back("2001:db8::" + std::to_string(i));
  for (int i = 0; i < 1000; ++i) many.push_back("192.0.2." + std::to_string(i % 250));
  // Taken while they fit the instruction budget; the kernel accepts it.
  EXPECT_TRUE(drop_sources(server.fd, many));
}

}  // namespace
}  // namespace ctib::edge
