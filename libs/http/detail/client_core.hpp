#pragma once
// The state behind a CurlMultiClient: the multi handle, the loop watches and
// timer that drive it, and the transfers in flight. Loop thread only.
//
// Ownership: CurlMultiClient holds the only long-lived shared_ptr. RequestHandle
// holds a weak_ptr, so cancel() after the client is gone is a no-op. Each
// dispatch from the loop takes a temporary strong reference, so a user callback
// may destroy the CurlMultiClient: shutdown() then runs at once, and this
// object is freed when the dispatch unwinds. Private to ctib_http.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "libs/http/curl_multi_client.hpp"
#include "libs/http/detail/curl_handles.hpp"
#include "libs/http/detail/transfer.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::http::detail {

class ClientCore final : public RequestOwner, public std::enable_shared_from_this<ClientCore> {
 public:
  ClientCore(loop::EventLoop& loop, ClientOptions options);
  ~ClientCore() override { shutdown(); }
  ClientCore(const ClientCore&) = delete;
  ClientCore& operator=(const ClientCore&) = delete;

  // client_core.cpp
  std::uint64_t start(Request request, Callback on_complete);
  void cancel(std::uint64_t id) noexcept override;
  [[nodiscard]] bool contains(std::uint64_t id) const noexcept override { return transfers_.contains(id); }
  [[nodiscard]] std::size_t in_flight() const noexcept { return transfers_.size(); }
  // Drops every transfer without calling back and releases curl. Idempotent.
  void shutdown() noexcept;

 private:
  // multi_driver.cpp: the curl <-> loop glue.
  static int on_curl_socket(CURL* easy, curl_socket_t s, int what, void* userp, void* socketp) noexcept;
  static int on_curl_timer(CURLM* multi, long timeout_ms, void* userp) noexcept;
  void on_socket_ready(curl_socket_t s, loop::Readiness ready);
  void on_timeout();
  void drain_completions();

  // client_core.cpp
  void fail_later(Transfer& t, Failure failure);
  void deliver(std::uint64_t id, Result result);
  // Removes transfer `id` (destroying it, which takes it out of curl) and
  // hands its connection slot to the next transfer waiting for that host.
  void take(std::uint64_t id) noexcept;
  // Easy handles of finished transfers, reset and kept for the next ones:
  // curl_easy_init + curl_easy_cleanup cost more than curl_easy_reset
  // (allocating and clearing the handle and its receive buffer), four times
  // a call. At most kSpareEasy are kept.
  static constexpr std::size_t kSpareEasy = 64;
  EasyPtr acquire_easy();
  void recycle(Transfer& t) noexcept;

  // host_slots.cpp: at most options_.max_connections transfers per host are
  // in curl at once; the rest wait here, in order. curl could queue them
  // itself (CURLMOPT_MAX_HOST_CONNECTIONS), but libcurl 7.88 walks its
  // pending list on every removal, so under a backlog each completion costs
  // O(waiting) and the engine collapsed (docs/performance.md, Overload).
  struct Host {
    long running = 0;                   // transfers in curl holding a slot
    std::deque<std::uint64_t> waiting;  // may hold ids already cancelled or failed: skipped
  };
  void admit(Transfer& t);
  void attach(Transfer& t);
  void release_slot(const std::string& origin) noexcept;

  loop::EventLoop& loop_;
  const ClientOptions options_;
  MultiPtr multi_;
  std::unordered_map<curl_socket_t, loop::FdWatch> watches_;  // sockets curl asked us to watch
  loop::Timer timeout_;                                       // curl's single timeout
  std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> transfers_;
  std::unordered_map<std::string, Host> hosts_;  // by origin; absent = idle
  std::vector<EasyPtr> spare_easy_;              // reset, in no multi handle
  std::uint64_t next_id_ = 1;
  bool closed_ = false;  // set by shutdown(); stops dispatch that is unwinding
};

}  // namespace ctib::http::detail
