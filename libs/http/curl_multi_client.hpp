#pragma once
// Asynchronous HTTP client on libcurl's multi-socket interface, driven by an
// EventLoop: no thread per request and nothing blocks the loop (curl's
// threaded resolver does DNS off the loop). Connections are kept alive in the
// multi handle's connection cache and reused across requests.
//
// Threading: loop thread only, like the loop it was built with. Callbacks run
// on the loop, never inside send() or cancel().
//
// Ownership: the composition root owns the client; it must be destroyed
// before the EventLoop and the CurlGlobal it was built with. Destroying it
// cancels every outstanding request without calling their callbacks, and is
// allowed from inside one of its own callbacks.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "libs/http/curl_global.hpp"
#include "libs/http/message.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::http {

namespace detail {
class ClientCore;
}

struct ClientOptions {
  // Larger bodies fail the request with Failure::Reason::TooLarge.
  std::size_t max_body_bytes = 1024 * 1024;
  // Open connections to one host (host:port); requests beyond it wait for
  // one. Per host, so that a slow host cannot starve the others.
  long max_connections = 64;
  std::string user_agent = "ctibridge";
};

// One in-flight request. Move-only; destroying it (or assigning over it)
// cancels the request, so a caller cannot be called back after it dropped
// its interest.
class [[nodiscard]] RequestHandle {
 public:
  RequestHandle() = default;
  ~RequestHandle() { cancel(); }
  RequestHandle(RequestHandle&& other) noexcept;
  RequestHandle& operator=(RequestHandle&& other) noexcept;
  RequestHandle(const RequestHandle&) = delete;
  RequestHandle& operator=(const RequestHandle&) = delete;

  // Abandons the request: its easy handle leaves the multi handle and its
  // callback is never called. No-op once completed or cancelled, or after the
  // client is gone. Loop thread only.
  void cancel() noexcept;
  // True until the callback has started or the request was cancelled.
  [[nodiscard]] bool active() const noexcept;

 private:
  friend class CurlMultiClient;
  RequestHandle(std::weak_ptr<detail::ClientCore> core, std::uint64_t id) noexcept
      : core_(std::move(core)), id_(id) {}

  std::weak_ptr<detail::ClientCore> core_;  // weak: the handle may outlive the client
  std::uint64_t id_ = 0;
};

class CurlMultiClient {
 public:
  // Throws std::runtime_error if the multi handle cannot be created (startup).
  CurlMultiClient(loop::EventLoop& loop, const CurlGlobal& curl, ClientOptions options = {});
  ~CurlMultiClient();
  CurlMultiClient(const CurlMultiClient&) = delete;
  CurlMultiClient& operator=(const CurlMultiClient&) = delete;

  // Starts `request`; `on_complete` is called once on the loop with the
  // Response or the Failure, unless the returned handle is cancelled or
  // destroyed first. Never calls back from inside send(), even for requests
  // rejected up front (those fail on the next loop iteration).
  [[nodiscard]] RequestHandle send(Request request, Callback on_complete);

  // Requests started and neither completed nor cancelled.
  [[nodiscard]] std::size_t in_flight() const noexcept;

 private:
  std::shared_ptr<detail::ClientCore> core_;  // shared only with running dispatch, see client_core.hpp
};

}  // namespace ctib::http
