// Connection slots per host: which transfers go to curl now and which wait.
// A waiting transfer has not connected, so its wait counts against its
// connect timeout, and once started its timeouts are shortened by the wait:
// to the caller, send() to callback takes no longer than asked either way.
#include <string>

#include "libs/http/detail/client_core.hpp"

namespace ctib::http::detail {

void ClientCore::admit(Transfer& t) {
  Host& host = hosts_[t.origin];
  if (host.running < options_.max_connections) {
    attach(t);
    return;
  }
  host.waiting.push_back(t.id);
  t.wait_timeout = loop_.start_timer(t.request.connect_timeout, [this, id = t.id, origin = t.origin,
                                                                 ms = t.request.connect_timeout.count()] {
    const auto keep = shared_from_this();
    deliver(id, base::unexpected(Failure{Failure::Reason::ConnectTimeout,
                                         "no free connection to " + origin + " within " + std::to_string(ms) +
                                             " ms (all " + std::to_string(options_.max_connections) +
                                             " busy)"}));
  });
}

void ClientCore::attach(Transfer& t) {
  // Adding only asks curl for a 0 ms timeout (on_curl_timer); nothing is
  // sent, and nothing can complete, until the loop runs.
  if (const CURLMcode rc = curl_multi_add_handle(multi_.get(), t.easy.get()); rc != CURLM_OK) {
    fail_later(t, Failure{Failure::Reason::Other, curl_multi_strerror(rc)});
    return;
  }
  t.attached = multi_.get();
  t.holds_slot = true;
  ++hosts_[t.origin].running;
}

void ClientCore::release_slot(const std::string& origin) noexcept {
  if (closed_) return;
  auto it = hosts_.find(origin);
  if (it == hosts_.end()) return;
  Host& host = it->second;
  --host.running;
  const auto now = std::chrono::steady_clock::now();
  while (host.running < options_.max_connections && !host.waiting.empty()) {
    const std::uint64_t next = host.waiting.front();
    host.waiting.pop_front();
    auto found = transfers_.find(next);
    if (found == transfers_.end()) continue;  // cancelled or timed out while waiting
    Transfer& t = *found->second;
    t.wait_timeout.cancel();
    charge_wait(t, std::chrono::duration_cast<std::chrono::milliseconds>(now - t.created));
    attach(t);  // may fail (fail_later) without taking the slot: the loop goes on
  }
  if (host.running == 0 && host.waiting.empty()) hosts_.erase(it);
}

}  // namespace ctib::http::detail
