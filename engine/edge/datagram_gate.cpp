#include "engine/edge/datagram_gate.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sofia-sip/su.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

// sofia-sip's "the socket is readable" for one transport (tport.c, exported
// though not in the public headers): reads one datagram through
// su_getmsgsize and su_vrecv, parses it and hands it to the stack.
extern "C" void tport_recv_event(struct tport_s* self);

#include "libs/base/interpose.hpp"

namespace {

// The one live gate (see the header for why a process-wide slot).
ctib::edge::DatagramGate* live_gate = nullptr;

ssize_t fionread(int fd) {
  int n = -1;
  if (::ioctl(fd, FIONREAD, &n) == -1) return -1;
  return n;
}

}  // namespace

// sofia's own is exactly this FIONREAD (su_bsdsocket.c); the gate is asked first.
extern "C" issize_t su_getmsgsize(su_socket_t s) {
  if (live_gate != nullptr) return live_gate->next_datagram(s);
  return fionread(s);
}

// sofia's UDP read right after su_getmsgsize (tport_recv_dgram). When the
// gate has just answered everything that was queued on `s`, this read must
// not take a datagram that arrived since: it would be an untrusted request
// sofia handles statefully, the very thing the gate is for. So it reports
// EAGAIN, which sofia takes quietly as "nothing to read"; the new datagram
// wakes the loop again and meets the gate. Otherwise sofia's own su_vrecv.
extern "C" issize_t su_vrecv(su_socket_t s, su_iovec_t iov[], isize_t len, int flags, su_sockaddr_t* su,
                             socklen_t* sulen) {
  if (live_gate != nullptr) {
    ssize_t n = 0;
    if (live_gate->take_injected(s, iov, static_cast<std::size_t>(len), su, sulen, n)) return n;
  }
  if (live_gate != nullptr && live_gate->take_drained(s)) {
    errno = EAGAIN;
    return -1;
  }
  using Vrecv = issize_t (*)(su_socket_t, su_iovec_t[], isize_t, int, su_sockaddr_t*, socklen_t*);
  // libsofia's definition, the next one after the executable's; resolved
  // once (the loader's answer cannot change while the library is loaded).
  static const auto sofia_vrecv = ctib::base::next_definition<Vrecv>("su_vrecv");
  return sofia_vrecv(s, iov, len, flags, su, sulen);
}

namespace ctib::edge {

namespace {

// A gate answers at most this many datagrams per read of sofia's, then
// lets the loop serve others (the socket stays readable; sofia comes back).
constexpr int kAnswersPerRead = 64;
constexpr std::size_t kMaxDatagram = 65536;
// What the gate tells sofia when it answered everything queued: a size of
// one byte, and the su_vrecv that follows reports EAGAIN without reading
// (take_drained). Not -1 with EAGAIN here: tport_recv_dgram logs a failed
// su_getmsgsize at level 1, which the engine log shows (one warning per
// flooding datagram). Not 0 either: sofia then reads one byte "to drop an
// empty datagram", which would eat a request that arrived in between.
constexpr ssize_t kNothingLeft = 1;

}  // namespace

bool datagram_gate_linked() noexcept {
  // su_getmsgsize needs no next definition: it is sofia's FIONREAD itself.
  return base::resolves_to("su_getmsgsize", reinterpret_cast<const void*>(&::su_getmsgsize)) &&
         base::interposes("su_vrecv", reinterpret_cast<const void*>(&::su_vrecv));
}

DatagramGate::DatagramGate(Decide decide) : decide_(std::move(decide)), buffer_(kMaxDatagram, '\0') {
  if (live_gate != nullptr) throw std::logic_error("a DatagramGate is already installed");
  if (!datagram_gate_linked()) throw std::logic_error("su_getmsgsize is sofia's own: the datagram gate cannot work");
  live_gate = this;
}

DatagramGate::~DatagramGate() {
  if (live_gate == this) live_gate = nullptr;
}

DatagramGate* DatagramGate::installed() noexcept { return live_gate; }

void DatagramGate::set_workers(workers::Ownership ownership, Forward forward) {
  if (ownership.count > 1 && !sofia_hooks_linked()) {
    throw std::logic_error(
        "sofia's tport_bind_socket/sip_call_id_create/su_root_register are not the engine's: several workers "
        "cannot work");
  }
  ownership_ = ownership;
  forward_ = std::move(forward);
}

void DatagramGate::note_registration(int fd, void* transport) {
  // Only workers inject; one engine keeps no table.
  if (ownership_.count <= 1) return;
  // A descriptor number is reused once closed: the newest registration wins.
  registrations_[fd] = transport;
}

bool DatagramGate::inject(std::size_t listener, const sockaddr* from, unsigned from_len, std::string_view datagram) {
  const auto it =
      std::find_if(sockets_.begin(), sockets_.end(), [listener](const Socket& s) { return s.listener == listener; });
  if (it == sockets_.end() || datagram.empty()) return false;
  struct stat st {};
  if (::fstat(it->fd, &st) != 0 || static_cast<std::uint64_t>(st.st_ino) != it->inode) return false;
  const auto reg = registrations_.find(it->fd);
  if (reg == registrations_.end() || reg->second == nullptr) return false;
  // sofia reads exactly this datagram: su_getmsgsize answers its size and
  // su_vrecv its bytes and source (take_injected), then sofia goes on as
  // for any datagram of that socket.
  injected_now_ = {it->fd, datagram, from, from_len};
  tport_recv_event(static_cast<struct tport_s*>(reg->second));
  injected_now_ = {};
  ++injected_;
  return true;
}

bool DatagramGate::take_injected(int fd, void* iov, std::size_t iov_len, void* from, unsigned* from_len, ssize_t& n) {
  if (injected_now_.fd != fd || injected_now_.fd == -1) return false;
  auto* vec = static_cast<su_iovec_t*>(iov);
  std::size_t copied = 0;
  for (std::size_t i = 0; i < iov_len && copied < injected_now_.datagram.size(); ++i) {
    const std::size_t part = std::min<std::size_t>(vec[i].siv_len, injected_now_.datagram.size() - copied);
    std::memcpy(vec[i].siv_base, injected_now_.datagram.data() + copied, part);
    copied += part;
  }
  if (from != nullptr && from_len != nullptr) {
    const unsigned len = std::min(*from_len, injected_now_.from_len);
    std::memcpy(from, injected_now_.from, len);
    *from_len = injected_now_.from_len;
  }
  injected_now_.fd = -1;  // one read, one datagram
  n = static_cast<ssize_t>(copied);
  return true;
}

bool DatagramGate::forward_foreign(int fd, std::size_t listener, std::string_view datagram, const sockaddr* from,
                                   unsigned from_len) {
  if (ownership_.count <= 1 || !forward_) return false;
  const auto call_id = workers::call_id_of(datagram);
  if (!call_id) return false;
  const unsigned owner = ownership_.owner_of(*call_id);
  if (owner == ownership_.index) return false;
  // Consumed here whether or not the owner's inbox took it: a full inbox
  // is a lost datagram, which SIP retransmits.
  (void)forward_(owner, listener, from, from_len, datagram);
  char discard = 0;
  (void)::recv(fd, &discard, 1, MSG_DONTWAIT);
  ++forwarded_;
  return true;
}

bool DatagramGate::take_drained(int fd) {
  if (drained_fd_ != fd) return false;
  drained_fd_ = -1;
  return true;
}

ssize_t DatagramGate::next_datagram(int fd) {
  // Whatever sofia was told about the last socket, this is a new read.
  drained_fd_ = -1;
  if (injected_now_.fd == fd) return static_cast<ssize_t>(injected_now_.datagram.size());
  const auto it = std::find_if(sockets_.begin(), sockets_.end(), [fd](const Socket& s) { return s.fd == fd; });
  if (it == sockets_.end()) return fionread(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<std::uint64_t>(st.st_ino) != it->inode) return fionread(fd);
  const std::size_t listener = it->listener;
  for (int answered = 0; answered < kAnswersPerRead; ++answered) {
    sockaddr_storage from{};
    socklen_t from_len = sizeof from;
    const ssize_t n = ::recvfrom(fd, buffer_.data(), buffer_.size(), MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT,
                                 reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
      if (answered == 0) return fionread(fd);
      drained_fd_ = fd;
      return kNothingLeft;
    }
    // Too large for the buffer, or empty: sofia's own handling.
    if (n == 0 || static_cast<std::size_t>(n) > buffer_.size()) return n;
    char ip[INET6_ADDRSTRLEN] = {};
    std::uint16_t port = 0;
    if (from.ss_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(&from);
      ::inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
      port = ntohs(a->sin_port);
    } else if (from.ss_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(&from);
      ::inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
      port = ntohs(a->sin6_port);
    } else {
      return n;
    }
    const std::string_view datagram(buffer_.data(), static_cast<std::size_t>(n));
    const auto request = parse_stateless_request(datagram);
    const auto answer =
        request && !request->to_tag ? decide_(listener, *request, ip) : std::optional<StatelessAnswer>{};
    if (!answer) {
      // Not answered here: sofia's, unless another worker owns its call.
      if (forward_foreign(fd, listener, datagram, reinterpret_cast<const sockaddr*>(&from), from_len)) continue;
      return n;
    }
    const std::string response = stateless_response(*request, *answer, ip, port);
    // Consume it (the peeked bytes stay valid: `request` views `buffer_`,
    // and the response is already built), then answer to where it came from.
    char discard = 0;
    (void)::recv(fd, &discard, 1, MSG_DONTWAIT);
    (void)::sendto(fd, response.data(), response.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from),
                   from_len);
    ++answered_;
  }
  // Enough for one turn; what is still queued keeps the socket readable.
  drained_fd_ = fd;
  return kNothingLeft;
}

}  // namespace ctib::edge
