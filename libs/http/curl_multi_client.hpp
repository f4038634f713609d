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

#include "libs/http/client.hpp"
#include "libs/http/curl_global.hpp"
#include "libs/http/message.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::http {

namespace detail {
class ClientCore;
}

class CurlMultiClient final : public Client {
 public:
  // Throws std::runtime_error if the multi handle cannot be created (startup).
  CurlMultiClient(loop::EventLoop& loop, const CurlGlobal& curl, ClientOptions options = {});
  ~CurlMultiClient() override;
  CurlMultiClient(const CurlMultiClient&) = delete;
  CurlMultiClient& operator=(const CurlMultiClient&) = delete;

  // Starts `request`; `on_complete` is called once on the loop with the
  // Response or the Failure, unless the returned handle is cancelled or
  // destroyed first. Never calls back from inside send(), even for requests
  // rejected up front (those fail on the next loop iteration).
  [[nodiscard]] RequestHandle send(Request request, Callback on_complete) override;

  // Requests started and neither completed nor cancelled.
  [[nodiscard]] std::size_t in_flight() const noexcept override;

 private:
  std::shared_ptr<detail::ClientCore> core_;  // shared only with running dispatch, see client_core.hpp
};

}  // namespace ctib::http
