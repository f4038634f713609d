#pragma once
// Answers out-of-dialog requests from untrusted sources on the profiles' UDP
// sockets without a transaction: before sofia-sip reads a datagram, the gate
// peeks at it, and when the policy has an answer (OPTIONS 403/200, INFO 481,
// 503 to a flooder) it consumes the datagram and sends a response built
// from the request's own headers (stateless_request.hpp). Nothing is kept.
// Everything else, and everything from trusted sources, reaches sofia as
// before. docs/security.md "Stateless answers", decision 0009.
//
// How it gets in front of sofia: sofia's UDP read (tport_recv_dgram) first
// asks su_getmsgsize(socket) how large the next datagram is. The engine
// defines su_getmsgsize itself (datagram_gate.cpp), as it defines
// su_duration (decision 0004): the executable's definition comes first in
// symbol lookup and libsofia calls it through its PLT. It answers for
// sockets the gate was given, and is sofia's own FIONREAD otherwise. It also
// defines su_vrecv, sofia's read that follows, so that when the gate has
// answered everything queued that read takes nothing (EAGAIN) instead of a
// datagram that arrived in between, which sofia would handle statefully. An
// interposed C function can reach no object but through the process, so
// the one gate alive registers itself in a process-wide slot: the only
// such slot in the engine, forced by the interposition.
//
// Threading: the loop thread (the one running sofia): su_getmsgsize is
// called from sofia's read, set_sockets() from the SocketGuard's scan.

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/edge/stateless_request.hpp"

namespace ctib::edge {

class DatagramGate {
 public:
  struct Socket {
    int fd = -1;
    std::uint64_t inode = 0;  // the fd still names this socket
    std::size_t listener = 0;
  };
  // The answer for an out-of-dialog `request` (no To tag) from `ip` on
  // `listener`'s socket; nullopt lets sofia process it statefully.
  using Decide =
      std::function<std::optional<StatelessAnswer>(std::size_t listener, const StatelessRequest&, std::string_view ip)>;

  // Throws std::logic_error if another gate is alive, or if the engine's
  // su_getmsgsize is not the one sofia calls (a static or -Bsymbolic sofia).
  explicit DatagramGate(Decide decide);
  ~DatagramGate();
  DatagramGate(const DatagramGate&) = delete;
  DatagramGate& operator=(const DatagramGate&) = delete;

  void set_sockets(std::vector<Socket> sockets) { sockets_ = std::move(sockets); }
  [[nodiscard]] std::uint64_t answered() const { return answered_; }

  // su_getmsgsize for `fd`: the size of the next datagram sofia should read,
  // or 1 when the gate answered what was queued; then take_drained(fd) is
  // true once, for the su_vrecv that follows (which reads nothing).
  ssize_t next_datagram(int fd);
  bool take_drained(int fd);

 private:
  Decide decide_;
  std::vector<Socket> sockets_;
  std::string buffer_;  // one datagram, peeked
  std::uint64_t answered_ = 0;
  int drained_fd_ = -1;  // sofia's next read of this socket takes nothing
};

// Whether su_getmsgsize, as libsofia resolves it, is the engine's.
bool datagram_gate_linked() noexcept;

}  // namespace ctib::edge
