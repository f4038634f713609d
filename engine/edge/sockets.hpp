#pragma once
// The engine's own sockets, read from the kernel: which descriptors are the
// SIP profiles' UDP sockets, TCP listeners and accepted TCP connections, who
// is at the other end and what the connection has carried. sofia-sip has no
// API to list or limit its accepted connections, so the SocketGuard works
// from this view (docs/security.md).
//
// Threading: call on the loop thread that runs sofia-sip: a descriptor
// listed here stays the same socket only until sofia next runs.

#include <cstdint>
#include <string>
#include <vector>

namespace ctib::edge {

struct OwnSocket {
  enum class Kind : std::uint8_t { udp, tcp_listener, tcp_connection };
  int fd = -1;
  Kind kind = Kind::udp;
  std::string local_ip;
  std::uint16_t local_port = 0;
  std::string peer_ip;  // tcp_connection only
  // tcp_connection only, from TCP_INFO:
  std::uint64_t bytes_received = 0;
  std::uint32_t ms_since_last_receive = 0;  // since accept when nothing came yet
  bool peer_closed = false;                 // CLOSE-WAIT: the peer sent FIN
  std::uint64_t inode = 0;                  // the socket's identity across scans
};

// Every open socket of the process that is UDP or TCP over IPv4/IPv6.
std::vector<OwnSocket> own_sockets();

// The open-file limit (RLIMIT_NOFILE soft) and the descriptors open now.
std::uint64_t open_file_limit();
std::uint64_t open_files();

}  // namespace ctib::edge
