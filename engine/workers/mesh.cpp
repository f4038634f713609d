#include "engine/workers/mesh.hpp"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace ctib::workers {

namespace {

// What precedes the datagram on the mesh. The peers are this engine's own
// processes (inherited socket pairs, nobody else can write to them); the
// sizes are still checked, as for any input.
struct Header {
  std::uint32_t magic;
  std::uint32_t listener;
  std::uint32_t from_len;
  sockaddr_storage from;
};
constexpr std::uint32_t kMagic = 0x63746977;             // "ctiw": a forwarded datagram
constexpr std::uint32_t kMagicReplicated = 0x63746972;  // "ctir": registration changes
constexpr std::size_t kMaxDatagram = 65536;
// Room for a burst: the kernel's default for unix datagrams is small.
constexpr int kBufferBytes = 4 * 1024 * 1024;

}  // namespace

Mesh::Mesh(unsigned count) {
  for (unsigned i = 0; i < count; ++i) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, pair) != 0) {
      const int err = errno;
      for (const int fd : inboxes_) ::close(fd);
      for (const int fd : outboxes_) ::close(fd);
      throw std::system_error(err, std::generic_category(), "worker mesh: socketpair");
    }
    (void)::setsockopt(pair[0], SOL_SOCKET, SO_RCVBUF, &kBufferBytes, sizeof kBufferBytes);
    (void)::setsockopt(pair[1], SOL_SOCKET, SO_SNDBUF, &kBufferBytes, sizeof kBufferBytes);
    inboxes_.push_back(pair[0]);
    outboxes_.push_back(pair[1]);
  }
}

Mesh::~Mesh() {
  for (const int fd : inboxes_) ::close(fd);
  for (const int fd : outboxes_) ::close(fd);
  inboxes_.clear();
  outboxes_.clear();
}

Link::Link(const Mesh& mesh, unsigned self)
    : inbox_(mesh.inbox(self)), self_(self), buffer_(sizeof(Header) + kMaxDatagram, '\0') {
  for (unsigned i = 0; i < mesh.count(); ++i) outboxes_.push_back(mesh.outbox(i));
}

bool Link::forward(unsigned worker, std::size_t listener, const sockaddr* from, socklen_t from_len,
                   std::string_view datagram) {
  if (worker >= outboxes_.size() || from_len > sizeof(sockaddr_storage) || datagram.size() > kMaxDatagram) {
    ++dropped_;
    return false;
  }
  Header h{};
  h.magic = kMagic;
  h.listener = static_cast<std::uint32_t>(listener);
  h.from_len = from_len;
  std::memcpy(&h.from, from, from_len);
  iovec iov[2] = {{&h, sizeof h}, {const_cast<char*>(datagram.data()), datagram.size()}};
  msghdr m{};
  m.msg_iov = iov;
  m.msg_iovlen = 2;
  if (::sendmsg(outboxes_[worker], &m, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
    ++dropped_;
    return false;
  }
  ++forwarded_;
  return true;
}

unsigned Link::broadcast(std::string_view payload) {
  if (payload.size() > kMaxDatagram) return 0;
  Header h{};
  h.magic = kMagicReplicated;
  unsigned sent = 0;
  for (unsigned w = 0; w < outboxes_.size(); ++w) {
    if (w == self_) continue;
    iovec iov[2] = {{&h, sizeof h}, {const_cast<char*>(payload.data()), payload.size()}};
    msghdr m{};
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    if (::sendmsg(outboxes_[w], &m, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0) ++sent;
  }
  return sent;
}

std::size_t Link::drain(std::size_t max, const std::function<void(const Forwarded&)>& deliver,
                        const std::function<void(std::string_view)>& replicated) {
  std::size_t n = 0;
  for (; n < max; ++n) {
    const ssize_t got = ::recv(inbox_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
    if (got < 0) break;
    if (static_cast<std::size_t>(got) <= sizeof(Header)) continue;
    Header h{};
    std::memcpy(&h, buffer_.data(), sizeof h);
    const std::string_view payload(buffer_.data() + sizeof h, static_cast<std::size_t>(got) - sizeof h);
    if (h.magic == kMagicReplicated) {
      if (replicated) replicated(payload);
      continue;
    }
    if (h.magic != kMagic || h.from_len > sizeof h.from) continue;
    ++received_;
    deliver(
        {.listener = h.listener,
         .from = reinterpret_cast<const sockaddr*>(buffer_.data() + offsetof(Header, from)),
         .from_len = h.from_len,
         .datagram = payload});
  }
  return n;
}

}  // namespace ctib::workers
