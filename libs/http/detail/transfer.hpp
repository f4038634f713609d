#pragma once
// One request in flight: the caller's Request and callback, the curl easy
// handle configured from them, and what has been received so far. Owned by
// ClientCore::transfers_ (heap-allocated so curl's pointers into it stay
// valid); loop thread only. Private to ctib_http.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "libs/http/curl_multi_client.hpp"
#include "libs/http/detail/curl_handles.hpp"
#include "libs/http/message.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::http::detail {

struct Transfer {
  Transfer(std::uint64_t transfer_id, Request req, Callback callback)
      : id(transfer_id), request(std::move(req)), on_complete(std::move(callback)) {}
  // Leaves the multi handle (if added) before the easy handle is cleaned up.
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  const std::uint64_t id;
  const Request request;  // curl points into url and body: never moved from
  Callback on_complete;

  // Filled by curl's callbacks while the transfer runs.
  std::size_t max_body = 0;
  std::string body;             // invariant: body.size() <= max_body
  std::vector<Header> headers;  // of the latest response (1xx ones dropped)
  bool too_large = false;       // the write callback refused the body
  bool connected = false;       // a connection was ready and the request about to go
  std::array<char, CURL_ERROR_SIZE> error{};

  // Where the request goes ("scheme://host:port" as written in the URL): the
  // key of the per-host connection slots (client_core.cpp).
  std::string origin;
  std::chrono::steady_clock::time_point created;  // send(): timeouts count from here
  bool holds_slot = false;  // added to curl and counted in its host's running transfers
  loop::Timer wait_timeout;     // while waiting for a slot: the connect timeout
  loop::Timer deferred_failure;  // fails a request rejected inside send()
  SlistPtr header_list;          // must outlive `easy`'s use of it
  EasyPtr easy;                  // declared last: cleaned up first
  CURLM* attached = nullptr;     // the multi handle `easy` is added to, if any
};

// Creates and configures `t.easy` for `t.request`. A Failure means the
// request cannot be sent at all (invalid header, out of memory).
// `easy` is a fresh or reset handle (ClientCore keeps reset ones for reuse).
std::optional<Failure> prepare(Transfer& t, const ClientOptions& options, EasyPtr easy);

// The "scheme://authority" prefix of `url` (the whole URL if it has no path).
std::string origin_of(const std::string& url);

// Shortens the connect and total timeouts of a transfer that waited `waited`
// for a connection slot, so the caller's timeouts still count from send().
void charge_wait(Transfer& t, std::chrono::milliseconds waited);

// The caller's Result for a transfer curl reported done with `code`. Moves
// the body and headers out of `t`.
Result finish(Transfer& t, CURLcode code);

}  // namespace ctib::http::detail
