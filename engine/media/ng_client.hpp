#pragma once
// A client of rtpengine's ng control protocol on the engine's event loop:
// one non-blocking UDP socket per address family, watched by the loop; each
// request is retransmitted with the same cookie after `timeout` (rtpengine
// answers a repeated cookie from its cache, so a retransmission is never
// executed twice), `retries` times, then fails with NgFailureKind::timeout.
//
// Ownership and threading: owned by the composition root (through the
// RtpengineAnchor), built and used on the loop thread only; it must outlive
// every NgRequest it returned. Callbacks run on the loop, never inside
// send(). Destroying or cancelling an NgRequest guarantees its callback is
// not called.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/media/ng_message.hpp"
#include "libs/base/expected.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::media {

struct NgEndpoint {
  std::string host;  // a numeric IPv4 or IPv6 address
  std::uint16_t port = 0;
  friend bool operator==(const NgEndpoint&, const NgEndpoint&) = default;
};

enum class NgFailureKind {
  timeout,  // no reply after every retransmission
  send,     // the datagram could not be sent (bad address, no route, refused)
};

struct NgFailure {
  NgFailureKind kind = NgFailureKind::timeout;
  std::string detail;
};

using NgOutcome = base::Expected<NgReply, NgFailure>;

class NgClient;

// The handle of one request in flight.
class NgRequest {
 public:
  NgRequest(NgClient& client, std::string cookie) : client_(&client), cookie_(std::move(cookie)) {}
  ~NgRequest() { cancel(); }
  NgRequest(const NgRequest&) = delete;
  NgRequest& operator=(const NgRequest&) = delete;
  // Idempotent; afterwards the callback is never called.
  void cancel();

 private:
  NgClient* client_;
  std::string cookie_;
};

class NgClient {
 public:
  struct Options {
    std::chrono::milliseconds timeout{1000};  // per transmission
    int retries = 2;                          // retransmissions after the first
  };
  using Done = std::function<void(NgOutcome)>;

  NgClient(loop::EventLoop& loop, Options options);
  ~NgClient();
  NgClient(const NgClient&) = delete;
  NgClient& operator=(const NgClient&) = delete;

  // Sends `command` to `to`; `done` runs once on the loop with the reply or
  // the failure, unless the returned handle is cancelled or destroyed first.
  std::unique_ptr<NgRequest> send(const NgEndpoint& to, const Dict& command, Done done);

  // Requests in flight (tests; the metrics sampler).
  [[nodiscard]] std::size_t pending() const noexcept { return pending_.size(); }
  // Replies that were not for a request in flight, or not ng at all.
  [[nodiscard]] std::uint64_t stray_replies() const noexcept { return stray_; }

 private:
  friend class NgRequest;
  struct Socket;
  struct Pending {
    NgEndpoint to;
    std::string datagram;
    int sent = 0;
    Done done;
    loop::Timer timer;
  };

  void cancel(const std::string& cookie) { pending_.erase(cookie); }
  void transmit(const std::string& cookie);
  void on_timer(const std::string& cookie);
  void on_readable(Socket& socket);
  void complete(const std::string& cookie, NgOutcome outcome);
  Socket* socket_for(const NgEndpoint& to, std::string& error);

  loop::EventLoop& loop_;
  const Options options_;
  std::string cookie_prefix_;
  std::uint64_t next_cookie_ = 0;
  std::uint64_t stray_ = 0;
  std::unique_ptr<Socket> v4_;
  std::unique_ptr<Socket> v6_;
  std::map<std::string, Pending, std::less<>> pending_;
};

}  // namespace ctib::media
