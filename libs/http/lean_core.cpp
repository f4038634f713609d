// Starting, cancelling and completing exchanges of the lean client, and the
// per-host connection slots (the same rules as host_slots.cpp for curl).
#include "libs/http/detail/lean_core.hpp"

#include <cassert>

namespace ctib::http::detail {

namespace {

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

// The request bytes, formatted once: what curl sends for the same Request
// (request line, Host, User-Agent, Accept, the caller's headers).
std::string wire_of(const Request& req, const LeanTarget& target, const std::string& user_agent) {
  std::string out;
  out.reserve(160 + target.path.size() + req.body.size() + req.content_type.size());
  out.append(req.method == Method::Post ? "POST " : "GET ");
  out.append(target.path);
  out.append(" HTTP/1.1\r\nHost: ");
  out.append(target.authority);
  out.append("\r\nUser-Agent: ");
  out.append(user_agent);
  out.append("\r\nAccept: */*\r\n");
  if (req.method == Method::Post) {
    out.append("Content-Length: ");
    out.append(std::to_string(req.body.size()));
    out.append("\r\n");
  }
  if (!req.content_type.empty()) {
    out.append("Content-Type: ");
    out.append(req.content_type);
    out.append("\r\n");
  }
  for (const Header& h : req.headers) {
    out.append(h.name);
    out.append(h.value.empty() ? ":" : ": ");
    out.append(h.value);
    out.append("\r\n");
  }
  out.append("\r\n");
  if (req.method == Method::Post) out.append(req.body);
  return out;
}

std::chrono::milliseconds at_least_1ms(std::chrono::milliseconds t) {
  return std::max(t, std::chrono::milliseconds(1));
}

}  // namespace

LeanCore::LeanCore(loop::EventLoop& loop, ClientOptions options)
    : loop_(loop), options_(std::move(options)) {}

std::uint64_t LeanCore::start(Request request, Callback on_complete) {
  auto target = lean_target(request.url);
  if (!target) {
    const std::string url = request.url;
    const std::uint64_t id = start(std::move(request), std::move(on_complete), LeanTarget{});
    fail_later(*exchanges_.at(id),
               Failure{Failure::Reason::Other, "URL not taken by the lean HTTP client: " + url});
    return id;
  }
  return start(std::move(request), std::move(on_complete), std::move(*target));
}

std::uint64_t LeanCore::start(Request request, Callback on_complete, LeanTarget target) {
  assert(!closed_);
  const std::uint64_t id = next_id_++;
  auto owned = std::make_unique<Exchange>();
  Exchange& x = *owned;
  x.id = id;
  x.method = request.method;
  x.connect_timeout = request.connect_timeout;
  x.on_complete = std::move(on_complete);
  x.created = std::chrono::steady_clock::now();
  exchanges_.emplace(id, std::move(owned));

  // Header injection guard, as for curl: the values may come from call data.
  if (has_line_break(request.content_type)) {
    fail_later(x, Failure{Failure::Reason::Other, "line break in content type"});
    return id;
  }
  for (const Header& h : request.headers) {
    if (h.name.empty() || has_line_break(h.name) || has_line_break(h.value) ||
        h.name.find_first_of(":; ") != std::string::npos) {
      fail_later(x, Failure{Failure::Reason::Other, "invalid request header '" + h.name + "'"});
      return id;
    }
  }
  if (target.origin.empty()) return id;  // not a lean URL: start(Request, Callback) fails it
  x.wire = wire_of(request, target, options_.user_agent);
  x.origin = target.origin;
  auto [host, inserted] = hosts_.try_emplace(x.origin);
  if (inserted) host->second.target = std::move(target);
  x.total = loop_.start_timer(at_least_1ms(request.total_timeout), [this, id] {
    const auto keep = shared_from_this();
    on_total_timeout(id);
  });
  admit(x);
  return id;
}

void LeanCore::admit(Exchange& x) {
  Host& host = hosts_.at(x.origin);
  const auto now = std::chrono::steady_clock::now();
  while (!host.idle.empty()) {
    Connection* c = host.idle.back();
    host.idle.pop_back();
    if (now - c->idle_since <= LeanClient::kMaxIdle) {
      assign(*c, x);
      return;
    }
    close(*c);  // may have been closed by the server already; not worth the risk
  }
  if (host.open < options_.max_connections) {
    open(host, x);
    return;
  }
  host.waiting.push_back(x.id);
  const auto ms = x.connect_timeout.count();
  x.connect = loop_.start_timer(at_least_1ms(x.connect_timeout), [this, id = x.id, origin = x.origin, ms] {
    const auto keep = shared_from_this();
    deliver(id,
            base::unexpected(Failure{Failure::Reason::ConnectTimeout,
                                     "no free connection to " + origin + " within " + std::to_string(ms) +
                                         " ms (all " + std::to_string(options_.max_connections) + " busy)"}),
            false);
  });
}

void LeanCore::fail_later(Exchange& x, Failure failure) {
  // Not from inside send(): the caller may still be setting up the state its
  // callback uses. The timer belongs to the exchange, so cancelling the
  // request cancels the failure too.
  x.deferred =
      loop_.start_timer(std::chrono::milliseconds(0), [this, id = x.id, failure = std::move(failure)] {
        const auto keep = shared_from_this();
        deliver(id, base::unexpected(failure), false);
      });
}

void LeanCore::cancel(std::uint64_t id) noexcept {
  auto it = exchanges_.find(id);
  if (it == exchanges_.end()) return;
  auto owned = std::move(it->second);
  exchanges_.erase(it);
  release(*owned, false);  // a half-done exchange leaves its connection unusable
}

void LeanCore::deliver(std::uint64_t id, Result result, bool reuse_connection) {
  auto it = exchanges_.find(id);
  if (it == exchanges_.end()) return;
  auto owned = std::move(it->second);
  exchanges_.erase(it);
  // Released first: the callback sees in_flight() without it, and a request
  // it sends may take the connection just freed.
  release(*owned, reuse_connection);
  if (result) {
    result->total_time = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - owned->created);
  }
  Callback on_complete = std::move(owned->on_complete);
  owned.reset();
  on_complete(std::move(result));
}

void LeanCore::release(Exchange& x, bool reuse_connection) noexcept {
  if (closed_) return;
  x.total.cancel();
  x.connect.cancel();
  x.deferred.cancel();
  Connection* c = x.connection;
  x.connection = nullptr;
  if (c == nullptr) return;  // waiting (its id is skipped later) or never admitted
  Host& host = *c->host;
  if (reuse_connection) {
    c->state = Connection::State::Idle;
    c->exchange = 0;
    c->reused = true;
    c->idle_since = std::chrono::steady_clock::now();
    // Watched while idle, so a server closing it is noticed and the socket freed.
    c->watch.set_interest(loop::Interest::Read);
    host.idle.push_back(c);
  } else {
    close(*c);
  }
  serve_waiting(host);
}

void LeanCore::serve_waiting(Host& host) {
  const auto now = std::chrono::steady_clock::now();
  while (!host.waiting.empty() && (!host.idle.empty() || host.open < options_.max_connections)) {
    const std::uint64_t next = host.waiting.front();
    host.waiting.pop_front();
    auto found = exchanges_.find(next);
    if (found == exchanges_.end()) continue;  // cancelled or timed out while waiting
    Exchange& x = *found->second;
    x.connect.cancel();
    // The wait counts against the connect timeout, as with curl.
    x.connect_timeout -= std::chrono::duration_cast<std::chrono::milliseconds>(now - x.created);
    admit(x);
  }
}

void LeanCore::on_total_timeout(std::uint64_t id) {
  auto it = exchanges_.find(id);
  if (it == exchanges_.end()) return;
  const Exchange& x = *it->second;
  if (x.connected) {
    deliver(id, base::unexpected(Failure{Failure::Reason::ResponseTimeout, "no complete answer in time"}),
            false);
  } else {
    deliver(id, base::unexpected(Failure{Failure::Reason::ConnectTimeout, "not connected in time"}), false);
  }
}

void LeanCore::shutdown() noexcept {
  if (closed_) return;
  closed_ = true;
  exchanges_.clear();
  for (auto& [id, c] : connections_) c->watch.cancel();
  connections_.clear();
  hosts_.clear();
}

}  // namespace ctib::http::detail
