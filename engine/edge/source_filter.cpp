#include "engine/edge/source_filter.hpp"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <sys/socket.h>

namespace ctib::edge {

bool drop_sources(int fd, const std::vector<std::string>& sources) {
  std::vector<sock_filter> code;
  // SKF_NET_OFF addresses the IP header whatever layer the socket sees;
  // bytes 12-15 of an IPv4 header are the source address.
  code.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, static_cast<__u32>(SKF_NET_OFF + 12)));
  std::size_t taken = 0;
  for (const std::string& source : sources) {
    in_addr addr{};
    if (taken == kMaxFilteredSources || inet_pton(AF_INET, source.c_str(), &addr) != 1) continue;
    ++taken;
    // Equal: fall through to "drop"; else skip it.
    code.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ntohl(addr.s_addr), 0, 1));
    code.push_back(BPF_STMT(BPF_RET | BPF_K, 0));
  }
  if (taken == 0) {
    int unused = 0;
    (void)setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, &unused, sizeof unused);  // none attached: ENOENT
    return true;
  }
  code.push_back(BPF_STMT(BPF_RET | BPF_K, 0xFFFFFFFFU));  // keep the whole packet
  sock_fprog program{static_cast<unsigned short>(code.size()), code.data()};
  return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) == 0;
}

}  // namespace ctib::edge
