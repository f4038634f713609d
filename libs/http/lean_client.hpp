#pragma once
// A lean HTTP/1.1 client for the hot path: plain http:// to a literal IP
// address, over kept-alive connections it owns, driven by the EventLoop
// (non-blocking sockets watched on the loop, loop timers for the timeouts)
// and Boost.Beast's response parser. No curl: per request it formats one
// request and parses one answer, nothing else (docs/performance.md,
// decision 0013). URLs it does not take fail with Failure::Reason::Other;
// AutoClient sends those through curl instead.
//
// Semantics are CurlMultiClient's: the same ClientOptions (per-host
// connection cap, requests beyond it wait in order and time out as
// ConnectTimeout), the same Failure reasons, the same RequestHandle.
//
// A kept connection the server closed is retried once on a fresh
// connection when no byte of the answer arrived and the request is a GET
// or was never written; a POST that was written is not re-sent (the server
// may have acted on it) and fails, so a notification is not duplicated by
// the client (the spool retries it, decision 0013). Connections idle longer
// than kMaxIdle are not reused, so such a failure needs a server that
// closes within that time.
//
// Threading: loop thread only. Ownership: as CurlMultiClient — destroy it
// before the loop; destroying it cancels everything without calling back,
// also from inside one of its own callbacks.

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "libs/http/client.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::http {

namespace detail {
class LeanCore;
}

class LeanClient final : public Client {
 public:
  // An idle connection older than this is closed instead of reused: servers
  // close idle connections after 5 s or more (ours after 30 s).
  static constexpr std::chrono::milliseconds kMaxIdle{2000};

  LeanClient(loop::EventLoop& loop, ClientOptions options = {});
  ~LeanClient() override;
  LeanClient(const LeanClient&) = delete;
  LeanClient& operator=(const LeanClient&) = delete;

  // True if this client can send to `url` (see detail/lean_target.hpp).
  [[nodiscard]] static bool takes(std::string_view url);

  [[nodiscard]] RequestHandle send(Request request, Callback on_complete) override;
  // send() if this client takes the URL; otherwise nothing happens, the
  // arguments are left as they were and the result is empty. Parses the
  // URL once where takes() + send() would parse it twice.
  [[nodiscard]] std::optional<RequestHandle> send_if_taken(Request& request, Callback& on_complete);
  [[nodiscard]] std::size_t in_flight() const noexcept override;
  // Open connections, busy or idle (for tests and metrics).
  [[nodiscard]] std::size_t connections() const noexcept;

 private:
  std::shared_ptr<detail::LeanCore> core_;
};

}  // namespace ctib::http
