#include "libs/http/tests/test_server.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <thread>
#include <utility>  // before Boost 1.74's Asio, which uses std::exchange without it

namespace ctib::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct TestServer::State {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::atomic<std::size_t> connections{0};
  std::atomic<std::size_t> requests{0};
  std::uint16_t port = 0;  // written before the thread starts
  std::thread thread;
};

namespace {

std::size_t number_after(std::string_view target, std::string_view prefix) {
  std::size_t n = 0;
  const std::string_view digits = target.substr(prefix.size());
  std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return n;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::atomic<std::size_t>& requests)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), requests_(requests) {}

  void read() {
    request_ = {};
    bhttp::async_read(socket_, buffer_, request_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (!ec) self->route();
                      });
  }

 private:
  using Response = bhttp::response<bhttp::string_body>;

  void route() {
    ++requests_;
    const std::string_view target(request_.target().data(), request_.target().size());
    if (target.starts_with("/delay/")) {
      timer_.expires_after(std::chrono::milliseconds(number_after(target, "/delay/")));
      timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec) self->reply(self->make(200, "delayed"));
      });
    } else if (target.starts_with("/status/")) {
      reply(make(static_cast<unsigned>(number_after(target, "/status/")), "status"));
    } else if (target.starts_with("/bytes/")) {
      reply(make(200, std::string(number_after(target, "/bytes/"), 'x')));
    } else if (target.starts_with("/chunked/")) {
      auto res = make(200, std::string(number_after(target, "/chunked/"), 'x'));
      res->chunked(true);
      reply(res);
    } else if (target == "/close") {
      auto res = make(200, "closing");
      res->keep_alive(false);
      reply(res);
    } else if (target == "/drop") {
      // Read the request, answer nothing, close: a kept connection the
      // server closed just as the client reused it.
      beast::error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_both, ignored);
      socket_.close(ignored);
    } else if (target == "/echo") {
      auto res = make(200, request_.body());
      res->set("X-Method", std::string(request_.method_string()));
      res->set("X-Content-Type", std::string(request_[bhttp::field::content_type]));
      res->set("X-Test", std::string(request_["X-Test"]));
      res->prepare_payload();
      reply(res);
    } else {
      reply(make(404, "not found"));
    }
  }

  std::shared_ptr<Response> make(unsigned status, std::string body) {
    auto res = std::make_shared<Response>(static_cast<bhttp::status>(status), request_.version());
    res->set(bhttp::field::server, "ctib-test");
    res->keep_alive(request_.keep_alive());
    res->body() = std::move(body);
    res->prepare_payload();
    return res;
  }

  void reply(const std::shared_ptr<Response>& res) {
    bhttp::async_write(socket_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (res->keep_alive()) {
        self->read();
      } else {
        beast::error_code ignored;
        self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
      }
    });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  std::atomic<std::size_t>& requests_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> request_;
};

void accept(tcp::acceptor& acceptor, std::atomic<std::size_t>& connections,
            std::atomic<std::size_t>& requests) {
  acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
    if (ec) return;
    ++connections;
    std::make_shared<Session>(std::move(socket), requests)->read();
    accept(acceptor, connections, requests);
  });
}

}  // namespace

TestServer::TestServer() : state_(std::make_unique<State>()) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  state_->acceptor.open(endpoint.protocol());
  state_->acceptor.bind(endpoint);
  state_->acceptor.listen();
  state_->port = state_->acceptor.local_endpoint().port();
  accept(state_->acceptor, state_->connections, state_->requests);
  state_->thread = std::thread([state = state_.get()] { state->io.run(); });
}

TestServer::~TestServer() {
  state_->io.stop();
  state_->thread.join();
}

std::uint16_t TestServer::port() const {
  return state_->port;
}

std::string TestServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

std::size_t TestServer::connections_accepted() const {
  return state_->connections.load();
}

std::size_t TestServer::requests_received() const {
  return state_->requests.load();
}

}  // namespace ctib::http::testing
