#pragma once
// The loop-side watch over the SIP profiles' sockets, for what sofia-sip
// has no knob for (docs/security.md): every `period` it lists the engine's
// own sockets (edge/sockets.hpp) and
//   - closes accepted TCP connections that tcp_policy.hpp says must go:
//     silent past tcp-header-timeout, over the per-source or per-profile
//     limit, over the descriptor budget, or from a banned source;
//   - keeps a kernel filter (edge/source_filter.hpp) on every profile's UDP
//     socket and TCP listener that drops the sources pike has banned.
//
// "Close" is shutdown(fd, SHUT_RDWR), never close(): the descriptor stays
// sofia's, which reads end-of-file, closes its transport and frees it the
// usual way. A close() behind sofia's back would let the number be reused
// under it.
//
// Limits act at the next scan, so a peer can exceed them for up to one
// period (200 ms): the descriptor budget keeps a margin for that. A new ban
// scans on the next loop turn (bans in one turn share the scan), so a
// flooder's datagrams stop reaching sofia within milliseconds.
//
// Threading: loop thread only: the loop runs sofia, so no descriptor listed
// in a scan is closed and reused before the scan acts on it.
// Ownership: the composition root; destroy it before the loop.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/edge/datagram_gate.hpp"
#include "engine/edge/pike.hpp"
#include "engine/edge/tcp_policy.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::edge {

class SocketGuard {
 public:
  struct Options {
    std::vector<Listener> listeners;
    // Accepted SIP TCP connections, all profiles together, at most.
    std::size_t total_max = 4096;
    std::chrono::milliseconds period{200};
    // Whether `ip` is a trusted source of listener `listener` (ACL'd trunk).
    std::function<bool(std::size_t listener, std::string_view ip)> trusted;
    Pike* pike = nullptr;  // banned sources; null: none
    // Told each scan which descriptors are the profiles' UDP sockets; null: none.
    DatagramGate* gate = nullptr;
    // A connection was closed (logging; called once per scan with counts).
    std::function<void(std::string_view profile, std::string_view ip, CloseReason reason, unsigned count)> on_close;
    // The kernel refused a filter (logged once per socket).
    std::function<void(std::string_view profile, std::string_view what)> on_filter_error;
  };
  SocketGuard(loop::EventLoop& loop, Options options);
  ~SocketGuard();
  SocketGuard(const SocketGuard&) = delete;
  SocketGuard& operator=(const SocketGuard&) = delete;

  // One scan now (tests, and the timer).
  void scan();
  [[nodiscard]] std::uint64_t closed() const noexcept { return closed_; }

  // The descriptor budget for SIP TCP: the open-file limit minus a reserve
  // for everything else (routing and notification connections, files).
  static std::size_t budget(std::uint64_t open_file_limit, std::uint64_t reserve);

 private:
  void arm();
  void scan_soon();

  loop::EventLoop& loop_;
  Options options_;
  std::uint64_t scans_ = 0;
  std::unordered_map<std::uint64_t, std::uint64_t> first_seen_;  // socket inode → scan number
  std::unordered_map<std::uint64_t, std::vector<std::string>> filtered_;  // socket inode → sources it drops
  std::unordered_map<std::uint64_t, bool> filter_failed_;
  std::uint64_t closed_ = 0;
  loop::Timer timer_;
  loop::Timer soon_;
};

}  // namespace ctib::edge
