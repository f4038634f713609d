// The lean client's sockets: connecting, writing the request, reading the
// answer, and what a broken kept connection means.
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "libs/http/detail/lean_core.hpp"

namespace ctib::http::detail {

LeanCore::Connection::~Connection() {
  watch.cancel();  // deregistered before the descriptor is closed
  if (fd >= 0) ::close(fd);
}

bool LeanCore::open(Host& host, Exchange& x) {
  const auto& target = host.target;
  const int fd = ::socket(target.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    fail_later(x, Failure{Failure::Reason::ConnectFailed, std::string("socket: ") + std::strerror(errno)});
    return false;
  }
  // Requests are small and each waits for its answer: Nagle would only delay them.
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&target.address), target.address_length) != 0 &&
      errno != EINPROGRESS) {
    const int err = errno;
    ::close(fd);
    fail_later(x, Failure{Failure::Reason::ConnectFailed, std::string("connect: ") + std::strerror(err)});
    return false;
  }
  const std::uint64_t cid = next_id_++;
  auto owned = std::make_unique<Connection>(cid, host, options_.max_body_bytes);
  Connection& c = *owned;
  c.fd = fd;
  c.watch = loop_.watch_fd(fd, loop::Interest::Write, [this, cid](loop::Readiness ready) {
    const auto keep = shared_from_this();
    on_ready(cid, ready);
  });
  if (!c.watch.active()) {
    fail_later(x, Failure{Failure::Reason::Other, "cannot watch the socket"});
    return false;  // `owned` closes the descriptor
  }
  connections_.emplace(cid, std::move(owned));
  ++host.open;
  c.exchange = x.id;
  x.connection = &c;
  x.connect = loop_.start_timer(std::max(x.connect_timeout, std::chrono::milliseconds(1)), [this, id = x.id] {
    const auto keep = shared_from_this();
    deliver(id, base::unexpected(Failure{Failure::Reason::ConnectTimeout, "connect timed out"}), false);
  });
  return true;
}

void LeanCore::assign(Connection& c, Exchange& x) {
  c.state = Connection::State::Busy;
  c.exchange = x.id;
  c.written = 0;
  c.reader.restart();
  x.connection = &c;
  x.connected = true;
  // Written when the loop reports the socket writable (at once, for a kept
  // connection): never from inside send().
  c.watch.set_interest(loop::Interest::ReadWrite);
}

void LeanCore::close(Connection& c) noexcept {
  Host& host = *c.host;
  --host.open;
  std::erase(host.idle, &c);
  connections_.erase(c.id);
}

void LeanCore::on_ready(std::uint64_t connection, loop::Readiness ready) {
  auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  if (c.state == Connection::State::Idle) {
    // An idle connection has nothing to say: readable means closed (or a
    // server talking out of turn). Either way it is done.
    close(c);
    return;
  }
  auto found = exchanges_.find(c.exchange);
  if (found == exchanges_.end()) {  // cannot happen: an exchange leaving releases its connection
    close(c);
    return;
  }
  Exchange& x = *found->second;
  if (c.state == Connection::State::Connecting) {
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err != 0) {
      deliver(x.id, base::unexpected(Failure{Failure::Reason::ConnectFailed, std::strerror(err)}), false);
      return;
    }
    if (!ready.writable) return;
    on_connected(c, x);
  }
  if (c.written == 0 && c.reused && (ready.readable || ready.error)) {
    // A kept connection with something to read before the request went
    // out: the server closed it while it was idle. Nothing was written, so
    // even a POST may go again on a fresh connection.
    on_broken(c, x, Failure{Failure::Reason::Other, "kept connection closed by the server"});
    return;
  }
  if (ready.writable && c.written < x.wire.size()) {
    write_some(c, x);
    return;  // the answer is read on the next readiness: it cannot be here before the request
  }
  if (ready.readable || ready.error) read_some(c);
}

void LeanCore::on_connected(Connection& c, Exchange& x) {
  x.connect.cancel();
  x.connected = true;
  c.state = Connection::State::Busy;
  c.reader.restart();
  c.written = 0;
}

void LeanCore::write_some(Connection& c, Exchange& x) {
  const ssize_t n = ::send(c.fd, x.wire.data() + c.written, x.wire.size() - c.written, MSG_NOSIGNAL);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
    on_broken(c, x, Failure{Failure::Reason::Other, std::string("send: ") + std::strerror(errno)});
    return;
  }
  c.written += static_cast<std::size_t>(n);
  if (c.written == x.wire.size()) c.watch.set_interest(loop::Interest::Read);
}

void LeanCore::read_some(Connection& c) {
  char buffer[16 * 1024];
  const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
  Exchange& x = *exchanges_.at(c.exchange);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
    on_broken(c, x, Failure{Failure::Reason::Other, std::string("recv: ") + std::strerror(errno)});
    return;
  }
  if (n == 0) {
    if (!c.reader.got_some()) {
      on_broken(c, x, Failure{Failure::Reason::Other, "connection closed by the server before any answer"});
      return;
    }
    if (c.reader.eof() == ResponseReader::State::Done) {
      deliver(x.id, c.reader.take(), false);
    } else {
      deliver(x.id, base::unexpected(c.reader.error()), false);
    }
    return;
  }
  switch (c.reader.feed(std::string_view(buffer, static_cast<std::size_t>(n)))) {
    case ResponseReader::State::NeedMore:
      return;
    case ResponseReader::State::Failed:
      deliver(x.id, base::unexpected(c.reader.error()), false);
      return;
    case ResponseReader::State::Done: {
      // A request written only in part cannot have been answered for good;
      // the connection is not reused then either.
      const bool reuse = c.reader.keep_alive() && c.written == x.wire.size();
      deliver(x.id, c.reader.take(), reuse);
      return;
    }
  }
}

void LeanCore::on_broken(Connection& c, Exchange& x, Failure failure) {
  // The retry rule (lean_client.hpp): only a kept connection, only once,
  // only with no byte of the answer, only if re-sending cannot duplicate.
  const bool may_retry =
      c.reused && !x.retried && !c.reader.got_some() && (x.method == Method::Get || c.written == 0);
  if (!may_retry) {
    deliver(x.id, base::unexpected(std::move(failure)), false);
    return;
  }
  Host& host = *c.host;
  x.connection = nullptr;
  x.connected = false;
  x.retried = true;
  close(c);
  x.connect_timeout -=
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - x.created);
  open(host, x);  // the slot just freed is this exchange's: it does not queue behind the waiting ones
}

}  // namespace ctib::http::detail
