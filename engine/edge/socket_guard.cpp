#include "engine/edge/socket_guard.hpp"

#include <sys/socket.h>

#include <map>
#include <tuple>

#include "engine/edge/source_filter.hpp"
#include "engine/edge/sockets.hpp"

namespace ctib::edge {

namespace {

bool matches(const Listener& l, const OwnSocket& s) {
  if (l.port != s.local_port) return false;
  return l.ip == s.local_ip || l.ip == "0.0.0.0" || l.ip == "::";
}

}  // namespace

SocketGuard::SocketGuard(loop::EventLoop& loop, Options options) : loop_(loop), options_(std::move(options)) {
  if (options_.pike != nullptr) options_.pike->on_ban([this] { scan_soon(); });
  // At once: the gate knows the UDP sockets before the first request.
  if (options_.gate != nullptr) scan();
  arm();
}

SocketGuard::~SocketGuard() {
  if (options_.pike != nullptr) options_.pike->on_ban({});
}

void SocketGuard::scan_soon() {
  if (soon_.pending()) return;
  soon_ = loop_.start_timer(std::chrono::milliseconds(0), [this] { scan(); });
}

std::size_t SocketGuard::budget(std::uint64_t open_file_limit, std::uint64_t reserve) {
  return open_file_limit > reserve ? static_cast<std::size_t>(open_file_limit - reserve) : 1;
}

void SocketGuard::arm() {
  timer_ = loop_.start_timer(options_.period, [this] {
    scan();
    arm();
  });
}

void SocketGuard::scan() {
  ++scans_;
  const auto now = Pike::Clock::now();
  std::vector<std::string> banned;
  if (options_.pike != nullptr) banned = options_.pike->banned(now);
  auto is_banned = [&](const std::string& ip) {
    for (const auto& b : banned) {
      if (b == ip) return true;
    }
    return false;
  };

  std::vector<Connection> connections;
  std::vector<DatagramGate::Socket> datagram_sockets;
  std::unordered_map<std::uint64_t, std::uint64_t> seen;
  for (const OwnSocket& s : own_sockets()) {
    std::size_t index = 0;
    while (index < options_.listeners.size() && !matches(options_.listeners[index], s)) ++index;
    if (index == options_.listeners.size()) continue;  // routing connections, files: not SIP's
    const Listener& listener = options_.listeners[index];
    if (s.kind != OwnSocket::Kind::tcp_connection) {
      // A profile socket: keep its filter in step with the bans.
      auto& current = filtered_[s.inode];
      if (current != banned) {
        if (!drop_sources(s.fd, banned) && !filter_failed_[s.inode]) {
          filter_failed_[s.inode] = true;
          if (options_.on_filter_error) options_.on_filter_error(listener.name, "SO_ATTACH_FILTER refused");
        }
        current = banned;
      }
      if (s.kind == OwnSocket::Kind::udp) datagram_sockets.push_back({s.fd, s.inode, index});
      seen.emplace(s.inode, 0);
      continue;
    }
    auto it = first_seen_.find(s.inode);
    const std::uint64_t first = it == first_seen_.end() ? scans_ : it->second;
    seen.emplace(s.inode, first);
    Connection c;
    c.fd = s.fd;
    c.listener = index;
    c.peer_ip = s.peer_ip;
    c.bytes_received = s.bytes_received;
    c.ms_since_last_receive = s.ms_since_last_receive;
    c.first_seen = first;
    c.trusted = options_.trusted && options_.trusted(index, s.peer_ip);
    c.banned = is_banned(s.peer_ip);
    connections.push_back(std::move(c));
  }
  if (options_.gate != nullptr) options_.gate->set_sockets(std::move(datagram_sockets));
  // Forget sockets that are gone (and filters of sockets that are gone).
  for (auto it = filtered_.begin(); it != filtered_.end();) {
    it = seen.count(it->first) != 0 ? std::next(it) : filtered_.erase(it);
  }
  for (auto it = filter_failed_.begin(); it != filter_failed_.end();) {
    it = seen.count(it->first) != 0 ? std::next(it) : filter_failed_.erase(it);
  }
  first_seen_.clear();
  for (const auto& [inode, first] : seen) first_seen_.emplace(inode, first);

  std::map<std::tuple<std::size_t, std::string, CloseReason>, unsigned> report;
  std::unordered_map<int, const Connection*> by_fd;
  for (const Connection& c : connections) by_fd.emplace(c.fd, &c);
  for (const Closing& closing : connections_to_close(options_.listeners, connections, options_.total_max)) {
    // SHUT_RDWR: sofia reads end-of-file and closes its transport itself.
    if (shutdown(closing.fd, SHUT_RDWR) != 0) continue;
    ++closed_;
    const Connection& c = *by_fd.at(closing.fd);
    ++report[{c.listener, c.peer_ip, closing.reason}];
  }
  if (options_.on_close) {
    for (const auto& [key, count] : report) {
      options_.on_close(options_.listeners[std::get<0>(key)].name, std::get<1>(key), std::get<2>(key), count);
    }
  }
}

}  // namespace ctib::edge
