#pragma once
// The state behind a LeanClient: exchanges in flight, connections per host,
// and the requests waiting for a connection. Loop thread only.
//
// Ownership: as ClientCore (client_core.hpp) — the LeanClient holds the only
// long-lived shared_ptr, handles a weak one, each dispatch from the loop a
// temporary strong one. Connections are owned by `connections_`; an
// exchange points at its connection and the connection names its exchange
// by id. Private to ctib_http.

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "libs/http/detail/lean_target.hpp"
#include "libs/http/detail/response_reader.hpp"
#include "libs/http/lean_client.hpp"

namespace ctib::http::detail {

class LeanCore final : public RequestOwner, public std::enable_shared_from_this<LeanCore> {
 public:
  LeanCore(loop::EventLoop& loop, ClientOptions options);
  ~LeanCore() override { shutdown(); }
  LeanCore(const LeanCore&) = delete;
  LeanCore& operator=(const LeanCore&) = delete;

  // lean_core.cpp
  std::uint64_t start(Request request, Callback on_complete);
  // As start(), for a URL already parsed (AutoClient parses it once).
  std::uint64_t start(Request request, Callback on_complete, LeanTarget target);
  void cancel(std::uint64_t id) noexcept override;
  [[nodiscard]] bool contains(std::uint64_t id) const noexcept override { return exchanges_.contains(id); }
  [[nodiscard]] std::size_t in_flight() const noexcept { return exchanges_.size(); }
  [[nodiscard]] std::size_t connections() const noexcept { return connections_.size(); }
  void shutdown() noexcept;

 private:
  struct Host;
  struct Connection {
    enum class State { Connecting, Busy, Idle };
    Connection(std::uint64_t connection_id, Host& owner, std::size_t max_body)
        : id(connection_id), host(&owner), reader(max_body) {}
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const std::uint64_t id;
    Host* host;  // valid while the connection is open: a host with connections stays
    int fd = -1;
    loop::FdWatch watch;  // declared after fd, destroyed before it is closed
    State state = State::Connecting;
    std::uint64_t exchange = 0;  // Connecting/Busy: the exchange it carries
    bool reused = false;         // carried an answer before: the server may have closed it
    std::size_t written = 0;     // bytes of the exchange's request sent
    std::chrono::steady_clock::time_point idle_since;
    ResponseReader reader;  // restarted per request
  };
  struct Exchange {
    std::uint64_t id = 0;
    Method method = Method::Get;
    std::chrono::milliseconds connect_timeout{0};
    Callback on_complete;
    std::string wire;  // the whole request, as sent
    std::string origin;
    std::chrono::steady_clock::time_point created;
    Connection* connection = nullptr;
    bool connected = false;  // a connection was ready for it: timeouts now count as response timeouts
    bool retried = false;
    loop::Timer total;     // total_timeout from send()
    loop::Timer connect;   // connect_timeout: while connecting or waiting for a connection
    loop::Timer deferred;  // a failure known inside send(), delivered on the loop
  };
  struct Host {
    LeanTarget target;
    long open = 0;                      // connections, busy or idle or connecting
    std::vector<Connection*> idle;      // most recently used last
    std::deque<std::uint64_t> waiting;  // may hold ids already gone: skipped
  };

  // lean_core.cpp: exchanges and connection slots.
  void admit(Exchange& x);
  void fail_later(Exchange& x, Failure failure);
  void deliver(std::uint64_t id, Result result, bool reuse_connection);
  void release(Exchange& x, bool reuse_connection) noexcept;
  void serve_waiting(Host& host);
  void on_total_timeout(std::uint64_t id);

  // lean_connection.cpp: sockets.
  // Opens a connection of `host` for `x`; false (and `x` failed later) if
  // the socket cannot even be started.
  bool open(Host& host, Exchange& x);
  void assign(Connection& c, Exchange& x);
  void close(Connection& c) noexcept;
  void on_ready(std::uint64_t connection, loop::Readiness ready);
  void on_connected(Connection& c, Exchange& x);
  void write_some(Connection& c, Exchange& x);
  void read_some(Connection& c);
  // The connection broke (EOF or error) before the answer was complete.
  void on_broken(Connection& c, Exchange& x, Failure failure);

  loop::EventLoop& loop_;
  const ClientOptions options_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Exchange>> exchanges_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::unordered_map<std::string, Host> hosts_;  // by origin; node-based, so Host& stays valid
  std::uint64_t next_id_ = 1;
  bool closed_ = false;
};

}  // namespace ctib::http::detail
