#include "engine/media/dtmf_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace ctib::media {

DtmfListener::DtmfListener(loop::EventLoop& loop, OnDigit on_digit)
    : loop_(loop), on_digit_(std::move(on_digit)) {}

DtmfListener::~DtmfListener() {
  watch_.cancel();  // before the descriptor goes (event_loop.hpp)
  if (fd_ >= 0) ::close(fd_);
}

std::string DtmfListener::bind(const std::string& host, std::uint16_t port,
                               std::vector<std::string> allowed) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    len = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    len = sizeof(sockaddr_in6);
  } else {
    return "'" + host + "' is not a numeric IP address";
  }
  fd_ = ::socket(addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return std::string("socket: ") + std::strerror(errno);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0)
    return "bind " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
  sockaddr_storage bound{};
  socklen_t bound_len = sizeof bound;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &bound_len);
  port_ = ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                           : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  allowed_ = std::move(allowed);
  watch_ = loop_.watch_fd(fd_, loop::Interest::Read, [this](loop::Readiness) { on_readable(); });
  if (!watch_.active()) return "the loop refused the socket";
  return "";
}

void DtmfListener::on_readable() {
  // Bounded per wake-up so a flood cannot starve the loop (level-triggered).
  std::array<char, kMaxDtmfDatagram + 1> buffer;
  for (int i = 0; i < 64; ++i) {
    sockaddr_storage from{};
    socklen_t from_len = sizeof from;
    const ssize_t n =
        ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    const void* src = from.ss_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&from)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&from)->sin6_addr);
    ::inet_ntop(from.ss_family, src, text, sizeof text);
    if (std::find(allowed_.begin(), allowed_.end(), std::string(text)) == allowed_.end()) {
      ++dropped_;
      continue;
    }
    auto event = parse_dtmf_event(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (!event) {
      ++dropped_;
      continue;
    }
    on_digit_(*event);
  }
}

}  // namespace ctib::media
