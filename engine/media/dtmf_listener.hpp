#pragma once
// Receives rtpengine's DTMF events (--dtmf-log-dest pointed at [media]
// dtmf-listen) on the engine's loop and hands each digit to `on_digit`.
// Datagrams from other addresses than the configured rtpengine hosts are
// dropped (counted): anyone could send UDP to the port.
//
// Ownership and threading: owned by the composition root, built after the
// loop, destroyed before it; loop thread only; `on_digit` runs on the loop.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/media/dtmf_event.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::media {

class DtmfListener {
 public:
  using OnDigit = std::function<void(const DtmfEvent&)>;
  DtmfListener(loop::EventLoop& loop, OnDigit on_digit);
  ~DtmfListener();
  DtmfListener(const DtmfListener&) = delete;
  DtmfListener& operator=(const DtmfListener&) = delete;

  // Binds host:port (numeric IPv4 or IPv6; port 0 = any free one). Only
  // datagrams whose source IP is in `allowed` are read as events. Returns
  // "" or what failed.
  std::string bind(const std::string& host, std::uint16_t port, std::vector<std::string> allowed);
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; }

 private:
  void on_readable();

  loop::EventLoop& loop_;
  OnDigit on_digit_;
  int fd_ = -1;
  loop::FdWatch watch_;
  std::uint16_t port_ = 0;
  std::vector<std::string> allowed_;
  std::uint64_t dropped_ = 0;
};

}  // namespace ctib::media
