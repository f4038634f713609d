#pragma once
// A small HTTP/1.1 server on Boost.Beast.
//
// Threads: one I/O thread runs every socket (accept, read, write) through a
// per-connection strand; handlers run on a separate worker pool, because the
// services behind them block on a database. A slow handler therefore never
// stalls reads or writes of other connections, and at most `worker_threads`
// handlers run at once (the rest queue in the pool). The response is posted
// back to the connection's strand to be written.
//
// Connections are kept alive until the client closes, the idle timeout
// passes, or the server stops. Request bodies above `body_limit` get a 413,
// header blocks above `header_limit` a 431, unparsable requests a 400.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "libs/http_server/router.hpp"

namespace ctib::http_server {

struct ServerConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port, see Server::port()
  std::size_t worker_threads = 4;
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 8 * 1024;
  std::chrono::seconds idle_timeout{30};
  Logger log;
};

class Server {
 public:
  Server(ServerConfig config, Router router);
  ~Server();  // stop()s if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. Throws std::system_error when the address
  // cannot be bound (a start-up failure, reported by main).
  void start();

  // The bound port (after start()).
  [[nodiscard]] std::uint16_t port() const noexcept;

  // Graceful stop: no new connections, requests being handled are answered,
  // idle keep-alive connections are closed. Blocks until all threads end.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ctib::http_server
