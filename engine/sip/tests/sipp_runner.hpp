#pragma once
// Runs SIPp as a child process for loopback SIP tests. Each Sipp object owns
// one process: the destructor kills it by pid (SIGKILL) and reaps it, so no
// SIPp outlives its test even when an assertion fails halfway.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ctib::sip::test {

// A random port in 20000-32000 whose `span` consecutive ports are free for
// both UDP and TCP on 127.0.0.1 (checked with bind(); SIPp needs fixed ports,
// so port 0 is not an option).
std::uint16_t pick_free_port(int span = 1);

struct SippOptions {
  std::string scenario;     // file name under engine/sip/tests/scenarios/
  std::string remote;       // "127.0.0.1:PORT" for a UAC; empty for a UAS
  std::string service = "1000";
  int calls = 1;
  std::string transport = "u1";  // SIPp -t: u1 (UDP) or t1 (TCP)
};

inline SippOptions uas_options(std::string scenario) {
  SippOptions o;
  o.scenario = std::move(scenario);
  return o;
}

inline SippOptions uac_options(std::string scenario, std::string remote, std::string transport = "u1") {
  SippOptions o;
  o.scenario = std::move(scenario);
  o.remote = std::move(remote);
  o.transport = std::move(transport);
  return o;
}

class Sipp {
 public:
  explicit Sipp(SippOptions options);
  ~Sipp();
  Sipp(const Sipp&) = delete;
  Sipp& operator=(const Sipp&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // True once the process has exited (reaps it).
  bool finished();
  // SIPp's exit status (0 = every call succeeded); -1 while running.
  [[nodiscard]] int exit_code() const noexcept { return exit_code_; }
  // Blocks until SIPp has bound its SIP port (a UAS must listen before we call it).
  bool wait_listening(std::chrono::milliseconds limit = std::chrono::seconds(10));
  // stdout, the error log and the message trace, for failure messages.
  [[nodiscard]] std::string logs() const;

 private:
  SippOptions options_;
  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// A bare UDP socket on 127.0.0.1 for hand-made SIP (what SIPp cannot send).
class UdpPeer {
 public:
  UdpPeer();
  ~UdpPeer();
  UdpPeer(const UdpPeer&) = delete;
  UdpPeer& operator=(const UdpPeer&) = delete;
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  void send_to(std::uint16_t port, const std::string& datagram) const;
  // A datagram if one is waiting; never blocks.
  std::optional<std::string> try_recv() const;

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace ctib::sip::test
