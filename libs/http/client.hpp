#pragma once
// What the engine sends HTTP through: the routing requests and the
// notifications (engine/router). Implemented by CurlMultiClient (every URL
// curl takes), LeanClient (plain http:// to a literal address, kept
// connections, no curl on the hot path) and AutoClient (picks one of the two
// per request; decision 0013).
//
// Threading: loop thread only. Callbacks run on the loop, never inside
// send() or cancel().

#include <cstddef>
#include <string>

#include "libs/http/message.hpp"
#include "libs/http/request_handle.hpp"

namespace ctib::http {

struct ClientOptions {
  // Larger bodies fail the request with Failure::Reason::TooLarge.
  std::size_t max_body_bytes = 1024 * 1024;
  // Open connections to one host (host:port); requests beyond it wait for
  // one, in order. Per host, so that a slow host cannot starve the others.
  long max_connections = 64;
  std::string user_agent = "ctibridge";
};

class Client {
 public:
  virtual ~Client() = default;
  // Starts `request`; `on_complete` is called once on the loop with the
  // Response or the Failure, unless the returned handle is cancelled or
  // destroyed first. Never calls back from inside send(), even for requests
  // rejected up front (those fail on the next loop iteration).
  [[nodiscard]] virtual RequestHandle send(Request request, Callback on_complete) = 0;
  // Requests started and neither completed nor cancelled.
  [[nodiscard]] virtual std::size_t in_flight() const noexcept = 0;

 protected:
  Client() = default;
  Client(const Client&) = default;
  Client& operator=(const Client&) = default;
};

}  // namespace ctib::http
