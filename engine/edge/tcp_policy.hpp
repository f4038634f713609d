#pragma once
// Which accepted SIP TCP connections to close, from one scan of the
// engine's sockets (pure: the SocketGuard scans and closes, this decides).
//
// A connection is closed when
//   - it has received no byte for the listener's header timeout since it was
//     accepted (a peer that connects and says nothing; sofia-sip's own
//     TPTAG_TIMEOUT only runs once a message has begun), unless trusted;
//   - its source is banned (pike);
//   - its source holds more than max_connections_per_source on the listener
//     (unless trusted): the newest ones go, the oldest stay;
//   - the listener holds more than max_connections, or all listeners more
//     than `total_max`: the newest untrusted ones go.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/config.hpp"

namespace ctib::edge {

struct Listener {
  std::string name;  // the profile
  std::string ip;    // "0.0.0.0" / "::" match every local address
  std::uint16_t port = 0;
  config::TcpLimits limits;
};

struct Connection {
  int fd = -1;
  std::size_t listener = 0;  // index into the listeners
  std::string peer_ip;
  std::uint64_t bytes_received = 0;
  std::uint32_t ms_since_last_receive = 0;
  std::uint64_t first_seen = 0;  // scan number it was first seen in: smaller is older
  bool trusted = false;
  bool banned = false;
};

enum class CloseReason : std::uint8_t { silent, banned, per_source, listener_full, total_full };
std::string_view to_string(CloseReason reason);

struct Closing {
  int fd;
  CloseReason reason;
};

std::vector<Closing> connections_to_close(const std::vector<Listener>& listeners, std::vector<Connection> connections,
                                          std::size_t total_max);

}  // namespace ctib::edge
