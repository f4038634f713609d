// ctib-bench-route-stub: a minimal, fast cti_bridge routing interface for the
// benchmarks (bench/run.py), so that the interface is never the bottleneck.
//
// One thread, one Asio io_context, HTTP/1.1 keep-alive with Boost.Beast. For
// `action=request` it answers a gateway dial to the called number through
// gateway `--gateway`, showing `--show` as the caller id (the privacy-number
// caller-id rewrite); every other action (notifications) gets `200 OK`.
// `--delay-ms N` answers routing requests N ms late (an Asio timer, so the
// stub keeps serving other connections meanwhile): the slow interface.
//
// It measures its own service time for routing requests (request parsed →
// answer handed to the socket, excluding a configured delay) so the benchmark
// can subtract it from the post-dial delay. On SIGTERM/SIGINT it writes
// `--stats FILE` (JSON) and exits 0; on SIGUSR1 it writes the file and
// resets its figures.
//
//   ctib-bench-route-stub --port P [--gateway carrier] [--show 8617100000001]
//                         [--delay-ms 0] [--stats stats.json]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  unsigned short port = 0;
  std::string gateway = "carrier";
  std::string show = "8617100000001";
  unsigned delay_ms = 0;
  std::string stats_path;
};

// What the stub saw; one thread touches it.
struct Stats {
  std::vector<double> route_us;  // service time of each routing request
  unsigned long requests = 0;
  unsigned long notifications = 0;
  unsigned long connections = 0;
};

// The value of `name` in a query string, undecoded (the benchmark's numbers
// are plain digits).
std::string_view query_value(std::string_view target, std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return {};
}

// The string value of `name` in a flat JSON object as the engine writes it
// in POST mode ({"action":"request",...}: compact, no escapes in these).
std::string_view json_value(std::string_view body, std::string_view name) {
  const std::string key = "\"" + std::string(name) + "\":\"";
  const auto at = body.find(key);
  if (at == std::string_view::npos) return {};
  const auto start = at + key.size();
  const auto end = body.find('"', start);
  return end == std::string_view::npos ? std::string_view{} : body.substr(start, end - start);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Options& options, Stats& stats)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), options_(options), stats_(stats) {}

  void start() { read(); }

 private:
  void read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return;  // closed by the peer, or garbage: drop the connection
    started_ = Clock::now();
    std::string_view target(request_.target().data(), request_.target().size());
    // GET carries the fields in the query, POST mode in a JSON body.
    const bool post = request_.method() == http::verb::post;
    const std::string_view body = request_.body();
    auto field = [&](std::string_view name) { return post ? json_value(body, name) : query_value(target, name); };
    std::string_view action = field("action");
    response_ = {};
    response_.version(request_.version());
    response_.keep_alive(request_.keep_alive());
    response_.result(http::status::ok);
    response_.set(http::field::content_type, "application/json");
    routing_ = action == "request";
    if (routing_) {
      ++stats_.requests;
      std::string_view number = field("destination_number");
      response_.body() = R"({"variables":{"origination_caller_id_number":")" + options_.show +
                         R"("},"dial":{"type":"gateway","gateway":")" + options_.gateway +
                         R"(","number":")" + std::string(number) + "\"}}";
    } else {
      ++stats_.notifications;
      response_.body() = "OK";
    }
    response_.prepare_payload();
    if (routing_ && options_.delay_ms > 0) {
      timer_.expires_after(std::chrono::milliseconds(options_.delay_ms));
      timer_.async_wait([self = shared_from_this()](beast::error_code) {
        self->started_ = Clock::now();  // the delay is the scenario, not service time
        self->write();
      });
      return;
    }
    write();
  }

  void write() {
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (self->routing_) {
        auto us = std::chrono::duration<double, std::micro>(Clock::now() - self->started_).count();
        self->stats_.route_us.push_back(us);
      }
      if (ec || !self->response_.keep_alive()) return;
      self->read();
    });
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  Clock::time_point started_;
  bool routing_ = false;
  const Options& options_;
  Stats& stats_;
};

void accept(tcp::acceptor& acceptor, const Options& options, Stats& stats) {
  acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
    if (ec) return;  // the acceptor was closed
    ++stats.connections;
    socket.set_option(tcp::no_delay(true));
    std::make_shared<Session>(std::move(socket), options, stats)->start();
    accept(acceptor, options, stats);
  });
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

void write_stats(const Options& options, Stats& stats) {
  if (options.stats_path.empty()) return;
  std::ofstream out(options.stats_path);
  double p50 = percentile(stats.route_us, 0.50);
  double p99 = percentile(stats.route_us, 0.99);
  out << "{\"requests\":" << stats.requests << ",\"notifications\":" << stats.notifications
      << ",\"connections\":" << stats.connections << ",\"route_us_p50\":" << p50 << ",\"route_us_p99\":" << p99
      << "}\n";
}

int usage() {
  std::fprintf(stderr,
               "usage: ctib-bench-route-stub --port P [--gateway NAME] [--show NUMBER] [--delay-ms N] "
               "[--stats FILE]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view key = argv[i];
    const char* value = argv[i + 1];
    if (key == "--port") {
      options.port = static_cast<unsigned short>(std::atoi(value));
    } else if (key == "--gateway") {
      options.gateway = value;
    } else if (key == "--show") {
      options.show = value;
    } else if (key == "--delay-ms") {
      options.delay_ms = static_cast<unsigned>(std::atoi(value));
    } else if (key == "--stats") {
      options.stats_path = value;
    } else {
      return usage();
    }
  }
  if (argc % 2 == 0 || options.port == 0) return usage();

  asio::io_context io(1);
  Stats stats;
  stats.route_us.reserve(1 << 20);
  tcp::acceptor acceptor(io);
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::fprintf(stderr, "route stub: cannot listen on 127.0.0.1:%u: %s\n", options.port, ec.message().c_str());
    return 1;
  }
  asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](beast::error_code, int) {
    write_stats(options, stats);
    io.stop();
  });
  // SIGUSR1: write the figures since the last snapshot and start afresh (one
  // snapshot per benchmark step).
  asio::signal_set snapshot(io, SIGUSR1);
  std::function<void(beast::error_code, int)> on_snapshot = [&](beast::error_code error, int) {
    if (error) return;
    write_stats(options, stats);
    stats = Stats{};
    snapshot.async_wait(on_snapshot);
  };
  snapshot.async_wait(on_snapshot);
  accept(acceptor, options, stats);
  std::printf("ready\n");
  std::fflush(stdout);
  io.run();
  return 0;
}
