#pragma once
// The datagram mesh between engine workers (decision 0020): one unix
// datagram socket pair per worker, made by the supervisor before it forks,
// so every worker (and a restarted one) inherits all of them. Worker k
// reads its own inbox; any worker writes to k's outbox. A forwarded SIP
// datagram travels with the profile (listener) it arrived on and its
// original source address, so the owner's sofia-sip sees it exactly as if
// the kernel had given it to the owner's socket. The same sockets carry the
// registrations a worker stored (its registrar's changes, encoded by
// engine/registrar/replica.hpp) to every other worker.
//
// Ownership: the supervisor owns the Mesh (all descriptors); a worker uses
// the inherited descriptors through its Link. Threading: Link on the
// worker's loop thread only.

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ctib::workers {

class Mesh {
 public:
  // Throws std::system_error when the kernel refuses a socket pair.
  explicit Mesh(unsigned count);
  ~Mesh();
  Mesh(const Mesh&) = delete;
  Mesh& operator=(const Mesh&) = delete;

  [[nodiscard]] unsigned count() const noexcept { return static_cast<unsigned>(inboxes_.size()); }
  [[nodiscard]] int inbox(unsigned worker) const { return inboxes_.at(worker); }
  [[nodiscard]] int outbox(unsigned worker) const { return outboxes_.at(worker); }

 private:
  std::vector<int> inboxes_;
  std::vector<int> outboxes_;
};

// One datagram handed over by another worker. Views into the Link's buffer:
// valid during the callback only.
struct Forwarded {
  std::size_t listener = 0;
  const sockaddr* from = nullptr;
  socklen_t from_len = 0;
  std::string_view datagram;
};

class Link {
 public:
  Link(const Mesh& mesh, unsigned self);

  // Hands `datagram` to `worker`. False when its inbox is full (the worker
  // is stuck or restarting): the datagram is dropped, as the network may
  // drop it; SIP retransmits.
  bool forward(unsigned worker, std::size_t listener, const sockaddr* from, socklen_t from_len,
               std::string_view datagram);
  // Sends `payload` (registration changes) to every other worker; returns
  // how many took it.
  unsigned broadcast(std::string_view payload);

  // Reads what is queued in this worker's inbox (at most `max`), calling
  // `deliver` for each datagram and `replicated` for each broadcast
  // payload; returns how many were read.
  std::size_t drain(std::size_t max, const std::function<void(const Forwarded&)>& deliver,
                    const std::function<void(std::string_view)>& replicated = {});

  [[nodiscard]] int inbox_fd() const noexcept { return inbox_; }
  [[nodiscard]] std::uint64_t forwarded() const noexcept { return forwarded_; }
  [[nodiscard]] std::uint64_t received() const noexcept { return received_; }
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; }

 private:
  int inbox_;
  unsigned self_;
  std::vector<int> outboxes_;
  std::string buffer_;
  std::uint64_t forwarded_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace ctib::workers
