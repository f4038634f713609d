#include "libs/http_server/server.hpp"

#include <atomic>
#include <list>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>

#include "libs/http_server/connection.hpp"

namespace ctib::http_server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class Server::Impl {
 public:
  Impl(ServerConfig config, Router router)
      : config_(std::move(config)),
        router_(std::move(router)),
        threads_(config_.worker_threads == 0 ? 1 : config_.worker_threads),
        io_(static_cast<int>(threads_)),
        acceptor_(io_) {}

  void start() {
    const tcp::endpoint endpoint(net::ip::make_address(config_.address), config_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    accept();
    for (std::size_t i = 0; i < threads_; ++i) io_threads_.emplace_back([this] { io_.run(); });
  }

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }

  void stop() {
    if (io_threads_.empty() || stopping_.exchange(true)) return;
    net::post(io_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      close_idle();
    });
    // Handlers running finish and their answers get written (a connection
    // reads no further request once stopping_ is set); the threads run out of
    // work once the last connection closes.
    work_.reset();
    for (std::thread& thread : io_threads_) thread.join();
    io_threads_.clear();
  }

  ~Impl() { stop(); }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(io_), [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;  // acceptor closed on stop, or a transient error
      auto connection = std::make_shared<detail::Connection>(
          std::move(socket), detail::Shared{config_, router_, stopping_});
      remember(connection);
      connection->start();
      if (!stopping_.load()) accept();
    });
  }

  void remember(const std::shared_ptr<detail::Connection>& connection) {
    const std::lock_guard lock(mutex_);
    connections_.remove_if([](const auto& weak) { return weak.expired(); });
    connections_.push_back(connection);
  }

  void close_idle() {
    const std::lock_guard lock(mutex_);
    for (const auto& weak : connections_) {
      if (auto connection = weak.lock()) connection->close_if_idle();
    }
  }

  ServerConfig config_;
  Router router_;
  std::size_t threads_;
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> work_{io_.get_executor()};
  tcp::acceptor acceptor_;
  std::vector<std::thread> io_threads_;  // each runs io_: sockets and handlers
  std::atomic<bool> stopping_{false};
  std::uint16_t port_ = 0;
  std::mutex mutex_;  // guards connections_ (touched from the server's threads and stop())
  std::list<std::weak_ptr<detail::Connection>> connections_;
};

Server::Server(ServerConfig config, Router router)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(router))) {}

Server::~Server() = default;

void Server::start() { impl_->start(); }

std::uint16_t Server::port() const noexcept { return impl_->port(); }

void Server::stop() { impl_->stop(); }

}  // namespace ctib::http_server
