#pragma once
// A tiny HTTP/1.1 server for the client tests: Boost.Beast on its own thread
// and io_context, listening on 127.0.0.1 with an ephemeral port. Keep-alive
// is honoured, so tests can count TCP connections.
//
// Routes:
//   /echo            200, body = request body; X-Method, X-Content-Type and
//                    X-Test echo the request's method and headers
//   /status/<code>   <code>, body "status"
//   /delay/<ms>      200 "delayed" after <ms> (other connections unaffected)
//   /bytes/<n>       200, <n> bytes with Content-Length
//   /chunked/<n>     200, <n> bytes, chunked (no Content-Length)
//   /close           200 "closing" with Connection: close, then closes
//   /drop            reads the request, closes without an answer
//   anything else    404

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ctib::http::testing {

class TestServer {
 public:
  TestServer();   // listening and serving when it returns
  ~TestServer();  // stops the thread; open connections are dropped
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::string url(std::string_view path) const;
  // Thread-safe counters.
  [[nodiscard]] std::size_t connections_accepted() const;
  [[nodiscard]] std::size_t requests_received() const;  // fully read requests

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ctib::http::testing
