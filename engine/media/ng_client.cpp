#include "engine/media/ng_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <random>

namespace ctib::media {

struct NgClient::Socket {
  int fd = -1;
  loop::FdWatch watch;
  ~Socket() {
    watch.cancel();  // before the descriptor goes (event_loop.hpp)
    if (fd >= 0) ::close(fd);
  }
};

namespace {

// Large enough for any reply with an SDP (rtpengine's own buffer is 64 KiB).
constexpr std::size_t kMaxDatagram = 65535;

bool to_sockaddr(const NgEndpoint& to, sockaddr_storage& out, socklen_t& len) {
  std::memset(&out, 0, sizeof out);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  if (::inet_pton(AF_INET, to.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(to.port);
    len = sizeof(sockaddr_in);
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (::inet_pton(AF_INET6, to.host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(to.port);
    len = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

}  // namespace

void NgRequest::cancel() {
  if (client_ == nullptr) return;
  client_->cancel(cookie_);
  client_ = nullptr;
}

NgClient::NgClient(loop::EventLoop& loop, Options options) : loop_(loop), options_(options) {
  // Cookies must not repeat across restarts while rtpengine still caches the
  // old ones (its cookie cache keeps replies ~30 s).
  std::random_device rd;
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) cookie_prefix_ += kDigits[rd() & 15];
  cookie_prefix_ += '_';
}

NgClient::~NgClient() = default;

NgClient::Socket* NgClient::socket_for(const NgEndpoint& to, std::string& error) {
  const bool v6 = to.host.find(':') != std::string::npos;
  auto& slot = v6 ? v6_ : v4_;
  if (slot) return slot.get();
  const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return nullptr;
  }
  auto s = std::make_unique<Socket>();
  s->fd = fd;
  Socket* raw = s.get();
  s->watch = loop_.watch_fd(fd, loop::Interest::Read, [this, raw](loop::Readiness) { on_readable(*raw); });
  if (!s->watch.active()) {
    error = "the loop refused the socket";
    return nullptr;
  }
  slot = std::move(s);
  return raw;
}

std::unique_ptr<NgRequest> NgClient::send(const NgEndpoint& to, const Dict& command, Done done) {
  std::string cookie = cookie_prefix_ + std::to_string(next_cookie_++);
  Pending p;
  p.to = to;
  p.datagram = encode_request(cookie, command);
  p.done = std::move(done);
  pending_.emplace(cookie, std::move(p));
  transmit(cookie);
  return std::make_unique<NgRequest>(*this, cookie);
}

// Sends (again) and arms the retransmission timer. A send error is reported
// from a zero-delay timer: callbacks never run inside send().
void NgClient::transmit(const std::string& cookie) {
  auto it = pending_.find(cookie);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  ++p.sent;
  sockaddr_storage addr{};
  socklen_t len = 0;
  std::string error;
  Socket* s = nullptr;
  if (!to_sockaddr(p.to, addr, len)) {
    error = "'" + p.to.host + "' is not an IP address";
  } else if ((s = socket_for(p.to, error)) != nullptr) {
    const ssize_t n =
        ::sendto(s->fd, p.datagram.data(), p.datagram.size(), 0, reinterpret_cast<sockaddr*>(&addr), len);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNREFUSED)
      error = std::string("sendto: ") + std::strerror(errno);
  }
  if (!error.empty()) {
    p.timer = loop_.start_timer(std::chrono::milliseconds(0), [this, cookie, error] {
      complete(cookie, base::unexpected(NgFailure{NgFailureKind::send, error}));
    });
    return;
  }
  p.timer = loop_.start_timer(options_.timeout, [this, cookie] { on_timer(cookie); });
}

void NgClient::on_timer(const std::string& cookie) {
  auto it = pending_.find(cookie);
  if (it == pending_.end()) return;
  if (it->second.sent <= options_.retries) return transmit(cookie);
  const auto total = options_.timeout * it->second.sent;
  complete(cookie,
           base::unexpected(NgFailure{
               NgFailureKind::timeout,
               "no answer from " + it->second.to.host + ":" + std::to_string(it->second.to.port) + " in " +
                   std::to_string(total.count()) + " ms (" + std::to_string(it->second.sent) + " tries)"}));
}

void NgClient::complete(const std::string& cookie, NgOutcome outcome) {
  auto it = pending_.find(cookie);
  if (it == pending_.end()) return;
  Done done = std::move(it->second.done);
  pending_.erase(it);  // also cancels the timer; this may run inside it (allowed)
  if (done) done(std::move(outcome));
}

void NgClient::on_readable(Socket& socket) {
  // Bounded: at most a few replies per wake-up so one busy socket cannot
  // starve the loop; level-triggered, the rest come next turn.
  static thread_local std::array<char, kMaxDatagram> buffer;
  for (int i = 0; i < 64; ++i) {
    const ssize_t n = ::recv(socket.fd, buffer.data(), buffer.size(), 0);
    if (n < 0) return;  // EAGAIN, or an ICMP error for an earlier send: the timer decides
    auto datagram = decode_datagram(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (!datagram) {
      ++stray_;
      continue;
    }
    auto it = pending_.find(datagram->cookie);
    if (it == pending_.end()) {
      ++stray_;  // a late reply to a request already answered, timed out or cancelled
      continue;
    }
    auto reply = parse_reply(datagram->body);
    if (!reply) {
      ++stray_;
      continue;  // not an answer: keep waiting, the timer bounds it
    }
    complete(datagram->cookie, std::move(*reply));
  }
}

}  // namespace ctib::media
