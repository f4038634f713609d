#include "engine/edge/source_filter.hpp"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace ctib::edge {

namespace {

using Words = std::array<std::uint32_t, 4>;  // an IPv6 address, host order

// IPv4 header: source at byte 12. IPv6 header: source at bytes 8-23.
constexpr std::uint32_t kV4Source = 12;
constexpr std::uint32_t kV6Source = 8;
constexpr std::size_t kV4Cost = 2;
constexpr std::size_t kV6Cost = 9;
constexpr std::size_t kFixedCost = 7;  // version test, jump, IPv4 load, two "keep"s

sock_filter load_word(std::uint32_t offset) {
  // SKF_NET_OFF addresses the IP header whatever layer the socket sees.
  return BPF_STMT(BPF_LD | BPF_W | BPF_ABS, static_cast<__u32>(SKF_NET_OFF + offset));
}

}  // namespace

bool drop_sources(int fd, const std::vector<std::string>& sources) {
  std::vector<std::uint32_t> v4;
  std::vector<Words> v6;
  std::size_t cost = kFixedCost;
  for (const std::string& source : sources) {
    if (v4.size() + v6.size() == kMaxFilteredSources) break;
    in_addr a4{};
    in6_addr a6{};
    if (inet_pton(AF_INET, source.c_str(), &a4) == 1) {
      if (cost + kV4Cost > kMaxFilterInstructions) continue;
      cost += kV4Cost;
      v4.push_back(ntohl(a4.s_addr));
    } else if (inet_pton(AF_INET6, source.c_str(), &a6) == 1) {
      if (IN6_IS_ADDR_V4MAPPED(&a6)) {
        // A dual-stack socket's IPv4 peers arrive as IPv4 packets.
        if (cost + kV4Cost > kMaxFilterInstructions) continue;
        cost += kV4Cost;
        std::uint32_t word = 0;
        std::memcpy(&word, &a6.s6_addr[12], sizeof word);
        v4.push_back(ntohl(word));
        continue;
      }
      if (cost + kV6Cost > kMaxFilterInstructions) continue;
      cost += kV6Cost;
      Words words{};
      for (std::size_t i = 0; i < words.size(); ++i) {
        std::uint32_t word = 0;
        std::memcpy(&word, &a6.s6_addr[4 * i], sizeof word);
        words[i] = ntohl(word);
      }
      v6.push_back(words);
    }
  }
  if (v4.empty() && v6.empty()) {
    int unused = 0;
    (void)setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, &unused, sizeof unused);  // none attached: ENOENT
    return true;
  }
  constexpr __u32 keep = 0xFFFFFFFFU;  // the whole packet
  std::vector<sock_filter> code;
  // The version is the high nibble of the first byte of either header.
  code.push_back(BPF_STMT(BPF_LD | BPF_B | BPF_ABS, static_cast<__u32>(SKF_NET_OFF)));
  code.push_back(BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 4));
  // Not 6: go to the IPv4 part. A long jump (ja takes 32 bits; jt/jf 8).
  code.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 6, 1, 0));
  const std::size_t jump_to_v4 = code.size();
  code.push_back(BPF_JUMP(BPF_JMP | BPF_JA, 0, 0, 0));
  for (const Words& w : v6) {
    // Each word that differs skips the rest of this source's block.
    for (std::size_t i = 0; i < w.size(); ++i) {
      code.push_back(load_word(kV6Source + static_cast<std::uint32_t>(4 * i)));
      const auto rest = static_cast<__u8>(2 * (w.size() - 1 - i));  // instructions left before "drop"
      code.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, w[i], 0, static_cast<__u8>(rest + 1)));
    }
    code.push_back(BPF_STMT(BPF_RET | BPF_K, 0));
  }
  code.push_back(BPF_STMT(BPF_RET | BPF_K, keep));
  code[jump_to_v4].k = static_cast<__u32>(code.size() - jump_to_v4 - 1);
  if (!v4.empty()) {
    code.push_back(load_word(kV4Source));
    for (const std::uint32_t addr : v4) {
      // Equal: fall through to "drop"; else skip it.
      code.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, addr, 0, 1));
      code.push_back(BPF_STMT(BPF_RET | BPF_K, 0));
    }
  }
  code.push_back(BPF_STMT(BPF_RET | BPF_K, keep));
  sock_fprog program{static_cast<unsigned short>(code.size()), code.data()};
  return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) == 0;
}

}  // namespace ctib::edge
