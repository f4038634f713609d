// Starting, cancelling and completing transfers.
#include "libs/http/detail/client_core.hpp"

#include <cassert>
#include <stdexcept>

namespace ctib::http::detail {

ClientCore::ClientCore(loop::EventLoop& loop, ClientOptions options)
    : loop_(loop), options_(std::move(options)), multi_(curl_multi_init()) {
  if (!multi_) throw std::runtime_error("curl_multi_init failed");
  spare_easy_.reserve(kSpareEasy);
  CURLM* m = multi_.get();
  // Through the exact C pointer types: curl reads them back from varargs.
  const curl_socket_callback socket_cb = &ClientCore::on_curl_socket;
  const curl_multi_timer_callback timer_cb = &ClientCore::on_curl_timer;
  curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, socket_cb);
  curl_multi_setopt(m, CURLMOPT_SOCKETDATA, static_cast<void*>(this));
  curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, timer_cb);
  curl_multi_setopt(m, CURLMOPT_TIMERDATA, static_cast<void*>(this));
  // The cap is per host (host:port), not in total: with a total cap, an
  // interface that answers slowly holds every connection and the requests
  // for a fast interface queue behind it (bench slow-interface test: fast
  // half 0 -> 1479 of 4500 calls failed, PDD p50 0.9 ms -> 1.8 s).
  curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_connections);
  // Keep as many idle connections as may be open, so a burst does not
  // close connections the next burst would reuse.
  curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, options_.max_connections);
}

std::uint64_t ClientCore::start(Request request, Callback on_complete) {
  assert(!closed_);
  const std::uint64_t id = next_id_++;
  auto owned = std::make_unique<Transfer>(id, std::move(request), std::move(on_complete));
  Transfer& t = *owned;
  t.origin = origin_of(t.request.url);
  t.created = std::chrono::steady_clock::now();
  transfers_.emplace(id, std::move(owned));
  if (auto failure = prepare(t, options_, acquire_easy())) {
    fail_later(t, std::move(*failure));
    return id;
  }
  admit(t);
  return id;
}

void ClientCore::cancel(std::uint64_t id) noexcept {
  // ~Transfer removes the easy handle, which also drops a completion curl may
  // already have queued for it, so the callback cannot run later.
  take(id);
}

void ClientCore::take(std::uint64_t id) noexcept {
  auto node = transfers_.extract(id);
  if (node.empty()) return;
  // Out of curl first, so that curl never sees more than the cap on a host.
  recycle(*node.mapped());
  if (!node.mapped()->holds_slot) return;
  const std::string origin = node.mapped()->origin;
  node.mapped().reset();
  release_slot(origin);
}

EasyPtr ClientCore::acquire_easy() {
  if (spare_easy_.empty()) return EasyPtr(curl_easy_init());
  EasyPtr easy = std::move(spare_easy_.back());
  spare_easy_.pop_back();
  return easy;
}

void ClientCore::recycle(Transfer& t) noexcept {
  if (!t.easy) return;
  if (t.attached != nullptr) {
    curl_multi_remove_handle(t.attached, t.easy.get());
    t.attached = nullptr;
  }
  if (closed_ || spare_easy_.size() >= kSpareEasy) return;  // ~Transfer cleans it up
  // Clears every option, so nothing points into `t` any more; connections,
  // the DNS cache and TLS sessions live in the multi handle and stay.
  curl_easy_reset(t.easy.get());
  spare_easy_.push_back(std::move(t.easy));  // capacity reserved: cannot throw
}

void ClientCore::shutdown() noexcept {
  if (closed_) return;
  closed_ = true;
  transfers_.clear();
  spare_easy_.clear();
  // Deregister before curl_multi_cleanup closes the cached connections.
  watches_.clear();
  timeout_.cancel();
  multi_.reset();
}

void ClientCore::fail_later(Transfer& t, Failure failure) {
  // Not from inside send(): the caller may still be setting up the state
  // its callback uses. The timer belongs to the transfer, so cancelling the
  // request cancels the failure too.
  t.deferred_failure =
      loop_.start_timer(std::chrono::milliseconds(0), [this, id = t.id, failure = std::move(failure)] {
        const auto keep = shared_from_this();
        deliver(id, base::unexpected(failure));
      });
}

void ClientCore::deliver(std::uint64_t id, Result result) {
  auto it = transfers_.find(id);
  if (it == transfers_.end()) return;
  Callback on_complete = std::move(it->second->on_complete);
  take(id);  // released first: the callback sees in_flight() without it
  on_complete(std::move(result));
}

}  // namespace ctib::http::detail
