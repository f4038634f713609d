// Driving curl's multi-socket interface from the EventLoop. curl tells us
// which sockets to watch (on_curl_socket) and when it next needs a timeout
// (on_curl_timer); the loop tells curl what happened via
// curl_multi_socket_action, after which finished transfers are collected.
// curl forbids re-entering the multi handle from its callbacks, so those only
// adjust watches and the timer; all user code runs from drain_completions().
#include "libs/http/detail/client_core.hpp"

namespace ctib::http::detail {

namespace {

loop::Interest to_interest(int what) {
  switch (what) {
    case CURL_POLL_IN:
      return loop::Interest::Read;
    case CURL_POLL_OUT:
      return loop::Interest::Write;
    case CURL_POLL_INOUT:
      return loop::Interest::ReadWrite;
    default:
      return loop::Interest::None;
  }
}

}  // namespace

int ClientCore::on_curl_socket(CURL*, curl_socket_t s, int what, void* userp, void*) noexcept {
  auto* self = static_cast<ClientCore*>(userp);
  if (what == CURL_POLL_REMOVE) {
    self->watches_.erase(s);  // curl calls this before it closes the socket
    return 0;
  }
  if (self->closed_) return 0;
  if (auto it = self->watches_.find(s); it != self->watches_.end()) {
    it->second.set_interest(to_interest(what));
    return 0;
  }
  loop::FdWatch watch = self->loop_.watch_fd(
      s, to_interest(what), [self, s](loop::Readiness ready) { self->on_socket_ready(s, ready); });
  if (!watch.active()) return -1;  // curl fails the transfers on this socket
  self->watches_.emplace(s, std::move(watch));
  return 0;
}

int ClientCore::on_curl_timer(CURLM*, long timeout_ms, void* userp) noexcept {
  auto* self = static_cast<ClientCore*>(userp);
  self->timeout_.cancel();
  if (self->closed_ || timeout_ms < 0) return 0;  // -1: curl needs no timeout
  // Even a 0 ms timeout goes through the loop: calling socket_action from
  // here would re-enter curl.
  self->timeout_ =
      self->loop_.start_timer(std::chrono::milliseconds(timeout_ms), [self] { self->on_timeout(); });
  return 0;
}

void ClientCore::on_socket_ready(curl_socket_t s, loop::Readiness ready) {
  const auto keep = shared_from_this();  // a callback may destroy the client
  int mask = 0;
  if (ready.readable) mask |= CURL_CSELECT_IN;
  if (ready.writable) mask |= CURL_CSELECT_OUT;
  if (ready.error) mask |= CURL_CSELECT_ERR;
  int running = 0;
  curl_multi_socket_action(multi_.get(), s, mask, &running);
  drain_completions();
}

void ClientCore::on_timeout() {
  const auto keep = shared_from_this();
  int running = 0;
  curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running);
  drain_completions();
}

void ClientCore::drain_completions() {
  // One message at a time: a callback may cancel (remove) another transfer,
  // which also removes that transfer's queued message.
  int queued = 0;
  while (!closed_) {
    CURLMsg* msg = curl_multi_info_read(multi_.get(), &queued);
    if (msg == nullptr) return;
    if (msg->msg != CURLMSG_DONE) continue;
    char* priv = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
    auto* t = static_cast<Transfer*>(static_cast<void*>(priv));
    const CURLcode code = msg->data.result;
    deliver(t->id, finish(*t, code));
  }
}

}  // namespace ctib::http::detail
