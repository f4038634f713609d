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
// With N engine workers (decision 0020) the gate is also where a datagram
// meets its owner: after the stateless policy, a datagram whose Call-ID
// another worker owns is consumed and forwarded to it (the workers' mesh,
// with its source address); a datagram forwarded here is injected: the
// gate makes sofia read it (tport_recv_event on the profile's UDP
// transport) and su_getmsgsize/su_vrecv hand over its bytes and original
// source. sofia_hooks.cpp holds the other sofia functions the workers need
// to reach through the same slot (SO_REUSEPORT on bind, owned Call-IDs,
// the profiles' transports).
//
// Threading: the loop thread (the one running sofia): su_getmsgsize is
// called from sofia's read, set_sockets() from the SocketGuard's scan,
// inject() from the loop's read of the mesh.

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/edge/stateless_request.hpp"
#include "engine/workers/ownership.hpp"

struct sockaddr;

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

  // Several workers (decision 0020). Set before the profiles bind (the
  // Switch's start): binds then share the port (SO_REUSEPORT) and sofia's
  // new Call-IDs hash to this worker. `forward` hands a datagram to its
  // owner; false when it could not (dropped, as the network may). Throws
  // std::logic_error if sofia_hooks.cpp is not what libsofia calls.
  using Forward = std::function<bool(unsigned worker, std::size_t listener, const sockaddr* from,
                                     unsigned from_len, std::string_view datagram)>;
  void set_workers(workers::Ownership ownership, Forward forward);
  [[nodiscard]] const workers::Ownership& ownership() const noexcept { return ownership_; }
  [[nodiscard]] std::uint64_t forwarded() const { return forwarded_; }
  [[nodiscard]] std::uint64_t injected() const { return injected_; }
  // A datagram another worker received for a call of this one: sofia reads
  // it now, as if from `from` on `listener`'s UDP socket. False when that
  // socket or its transport is not known (yet): dropped.
  bool inject(std::size_t listener, const sockaddr* from, unsigned from_len, std::string_view datagram);

  // sofia_hooks.cpp: su_root_register told `fd` is watched for `transport`
  // (sofia's tport_t of a listening socket, among others).
  void note_registration(int fd, void* transport);
  // su_vrecv for an injected datagram: true when it was for `fd` (then `n`
  // is what sofia gets), false to let the read go to the socket.
  bool take_injected(int fd, void* iov, std::size_t iov_len, void* from, unsigned* from_len, ssize_t& n);

  // The gate alive in this process, or null (the interposed functions'
  // only way to reach it).
  static DatagramGate* installed() noexcept;

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

  // The worker's owner check: true when the datagram was consumed.
  bool forward_foreign(int fd, std::size_t listener, std::string_view datagram, const sockaddr* from,
                       unsigned from_len);

  workers::Ownership ownership_;
  Forward forward_;
  std::uint64_t forwarded_ = 0;
  std::uint64_t injected_ = 0;
  std::unordered_map<int, void*> registrations_;  // fd → sofia transport (several workers only)
  struct Injected {
    int fd = -1;
    std::string_view datagram;
    const sockaddr* from = nullptr;
    unsigned from_len = 0;
  };
  Injected injected_now_;  // during inject() only
};

// Whether su_getmsgsize, as libsofia resolves it, is the engine's.
bool datagram_gate_linked() noexcept;
// Whether the workers' hooks (sofia_hooks.cpp) are the ones libsofia calls.
bool sofia_hooks_linked() noexcept;

}  // namespace ctib::edge
