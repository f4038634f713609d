#pragma once
// A small HTTP/1.1 server on Boost.Beast.
//
// Threads: `worker_threads` threads run every socket (accept, read, write)
// and the handlers, each connection on its own strand. A handler runs on the
// thread that read its request and may block (the services behind it wait on
// a database): its connection waits, and the other threads keep reading,
// answering and writing the other connections. At most `worker_threads`
// handlers run at once; while all of them block, no further request is read
// (back-pressure instead of an unbounded queue). Handing each request to a
// separate worker pool and its answer back to the I/O thread cost two thread
// wake-ups per request (with the scheduling around them ~10 % of the CPU of
// ctib-numbers answering routing requests).
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
  std::size_t worker_threads = 4;  // threads for sockets and handlers (0 is taken as 1)
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
