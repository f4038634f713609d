#include "engine/workers/mesh.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <string>

namespace ctib::workers {
namespace {

TEST(Mesh, ForwardsADatagramWithItsSourceAndListener) {
  const Mesh mesh(3);
  Link from0(mesh, 0);
  Link at2(mesh, 2);
  sockaddr_in src{};
  src.sin_family = AF_INET;
  src.sin_port = htons(5999);
  ::inet_pton(AF_INET, "192.0.2.7", &src.sin_addr);
  ASSERT_TRUE(
      from0.forward(2, 1, reinterpret_cast<sockaddr*>(&src), sizeof src, "BYE sip:x SIP/2.0\r\n\r\n"));
  EXPECT_EQ(from0.forwarded(), 1u);

  std::string got;
  std::size_t listener = 99;
  std::uint16_t port = 0;
  EXPECT_EQ(at2.drain(8,
                      [&](const Forwarded& f) {
                        got = std::string(f.datagram);
                        listener = f.listener;
                        ASSERT_EQ(f.from_len, sizeof(sockaddr_in));
                        port = ntohs(reinterpret_cast<const sockaddr_in*>(f.from)->sin_port);
                      }),
            1u);
  EXPECT_EQ(got, "BYE sip:x SIP/2.0\r\n\r\n");
  EXPECT_EQ(listener, 1u);
  EXPECT_EQ(port, 5999);
  EXPECT_EQ(at2.received(), 1u);
  // Nothing for worker 1, nothing more for 2.
  Link at1(mesh, 1);
  EXPECT_EQ(at1.drain(8, [](const Forwarded&) { FAIL(); }), 0u);
  EXPECT_EQ(at2.drain(8, [](const Forwarded&) { FAIL(); }), 0u);
}

TEST(Mesh, RefusesAnUnknownWorker) {
  const Mesh mesh(2);
  Link link(mesh, 0);
  sockaddr_in src{};
  src.sin_family = AF_INET;
  EXPECT_FALSE(link.forward(5, 0, reinterpret_cast<sockaddr*>(&src), sizeof src, "x"));
  EXPECT_EQ(link.dropped(), 1u);
}

}  // namespace
}  // namespace ctib::workers
