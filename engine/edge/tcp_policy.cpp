#include "engine/edge/tcp_policy.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace ctib::edge {

std::string_view to_string(CloseReason reason) {
  switch (reason) {
    case CloseReason::silent: return "nothing received within tcp-header-timeout";
    case CloseReason::banned: return "source banned (pike)";
    case CloseReason::per_source: return "over tcp-max-connections-per-source";
    case CloseReason::listener_full: return "over tcp-max-connections";
    case CloseReason::total_full: return "over the descriptor budget for SIP";
  }
  return "?";
}

std::vector<Closing> connections_to_close(const std::vector<Listener>& listeners, std::vector<Connection> connections,
                                          std::size_t total_max) {
  std::vector<Closing> out;
  // Oldest first: the limits keep the connections that were there first.
  std::stable_sort(connections.begin(), connections.end(), [](const Connection& a, const Connection& b) {
    return a.first_seen != b.first_seen ? a.first_seen < b.first_seen : a.fd < b.fd;
  });
  std::map<std::pair<std::size_t, std::string>, unsigned> per_source;
  std::vector<unsigned> per_listener(listeners.size(), 0);
  std::size_t total = 0;
  for (const Connection& c : connections) {
    const config::TcpLimits& limits = listeners.at(c.listener).limits;
    if (c.banned && !c.trusted) {
      out.push_back({c.fd, CloseReason::banned});
      continue;
    }
    if (!c.trusted && c.bytes_received == 0 && c.ms_since_last_receive >= limits.header_timeout_ms) {
      out.push_back({c.fd, CloseReason::silent});
      continue;
    }
    if (!c.trusted) {
      unsigned& n = per_source[{c.listener, c.peer_ip}];
      if (n >= limits.max_connections_per_source) {
        out.push_back({c.fd, CloseReason::per_source});
        continue;
      }
      if (per_listener[c.listener] >= limits.max_connections) {
        out.push_back({c.fd, CloseReason::listener_full});
        continue;
      }
      if (total >= total_max) {
        out.push_back({c.fd, CloseReason::total_full});
        continue;
      }
      ++n;
    }
    // Trusted connections count towards the totals (they hold descriptors)
    // but are never closed for them.
    ++per_listener[c.listener];
    ++total;
  }
  return out;
}

}  // namespace ctib::edge
