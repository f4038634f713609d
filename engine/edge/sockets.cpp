#include "engine/edge/sockets.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace ctib::edge {

namespace {

constexpr std::uint8_t kTcpCloseWait = 8;  // include/net/tcp_states.h (netinet/tcp.h clashes with linux/tcp.h)

bool address_of(const sockaddr_storage& ss, std::string& ip, std::uint16_t& port) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    sockaddr_in sin{};
    std::memcpy(&sin, &ss, sizeof sin);
    inet_ntop(AF_INET, &sin.sin_addr, buf, sizeof buf);
    port = ntohs(sin.sin_port);
  } else if (ss.ss_family == AF_INET6) {
    sockaddr_in6 sin6{};
    std::memcpy(&sin6, &ss, sizeof sin6);
    inet_ntop(AF_INET6, &sin6.sin6_addr, buf, sizeof buf);
    port = ntohs(sin6.sin6_port);
  } else {
    return false;
  }
  ip = buf;
  return true;
}

template <typename F>
void for_each_fd(F&& f) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return;
  const int own = dirfd(dir);
  while (const dirent* e = readdir(dir)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    const int fd = std::atoi(e->d_name);
    if (fd != own) f(fd, e->d_name);
  }
  closedir(dir);
}

}  // namespace

std::vector<OwnSocket> own_sockets() {
  std::vector<OwnSocket> out;
  for_each_fd([&](int fd, const char* name) {
    char link[64] = {};
    const std::string path = std::string("/proc/self/fd/") + name;
    const ssize_t n = readlink(path.c_str(), link, sizeof link - 1);
    if (n <= 0 || std::strncmp(link, "socket:[", 8) != 0) return;
    OwnSocket s;
    s.fd = fd;
    s.inode = std::strtoull(link + 8, nullptr, 10);
    int type = 0;
    int listening = 0;
    socklen_t len = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) return;
    len = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0) return;
    sockaddr_storage local{};
    len = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) return;
    if (!address_of(local, s.local_ip, s.local_port)) return;
    if (type == SOCK_DGRAM) {
      s.kind = OwnSocket::Kind::udp;
    } else if (type == SOCK_STREAM && listening != 0) {
      s.kind = OwnSocket::Kind::tcp_listener;
    } else if (type == SOCK_STREAM) {
      s.kind = OwnSocket::Kind::tcp_connection;
      sockaddr_storage peer{};
      len = sizeof peer;
      std::uint16_t peer_port = 0;
      if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0 ||
          !address_of(peer, s.peer_ip, peer_port)) {
        return;  // not connected (yet, or any more)
      }
      tcp_info info{};
      len = sizeof info;
      if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0) {
        s.bytes_received = info.tcpi_bytes_received;
        s.ms_since_last_receive = info.tcpi_last_data_recv;
        s.peer_closed = info.tcpi_state == kTcpCloseWait;
      }
    } else {
      return;
    }
    out.push_back(std::move(s));
  });
  return out;
}

std::uint64_t open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  return limit.rlim_cur;
}

std::uint64_t open_files() {
  std::uint64_t count = 0;
  for_each_fd([&](int, const char*) { ++count; });
  return count;
}

}  // namespace ctib::edge
