#pragma once
// One accepted TCP connection: read a request, run its handler, write the
// answer, repeat while keep-alive; all of it on the connection's strand, on
// whichever of the server's threads runs it. Private to the server.

#include <atomic>
#include <memory>
#include <optional>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "libs/http_server/router.hpp"
#include "libs/http_server/server.hpp"

namespace ctib::http_server::detail {

namespace beast = boost::beast;
namespace http = boost::beast::http;

// What a connection shares with the server. Owned by the server, outlives
// every connection (the server joins its threads before freeing it).
struct Shared {
  const ServerConfig& config;
  const Router& router;
  std::atomic<bool>& stopping;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, Shared shared);
  void start();
  // Closes the socket if no request is being handled; called on stop.
  void close_if_idle();

 private:
  void read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void handle(http::request<http::string_body> request);
  void write(Response response, bool keep_alive, unsigned version);
  void on_write(bool close, beast::error_code ec, std::size_t bytes);
  void reject(unsigned status, std::string_view message);
  void shutdown();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;  // being written; reused
  Shared shared_;
  bool busy_ = false;  // guarded by the strand: a request is being handled
};

}  // namespace ctib::http_server::detail
