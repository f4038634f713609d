#include "libs/http_server/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ctib::http_server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class Client::Impl {
 public:
  Impl(std::string host, std::uint16_t port) : host_(std::move(host)), port_(port) {}

  ClientResponse request(const std::string& method, const std::string& target, const std::string& body,
                         const std::vector<std::pair<std::string, std::string>>& headers) {
    if (!socket_.is_open()) connect();
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, host_);
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty() && req.find(http::field::content_type) == req.end()) {
      req.set(http::field::content_type, "application/json");
    }
    req.body() = body;
    req.prepare_payload();
    http::write(socket_, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(socket_, buffer, res);
    ClientResponse out{res.result_int(), res.body(), {}};
    for (const auto& field : res) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    if (!res.keep_alive()) close();
    return out;
  }

 private:
  void connect() {
    tcp::resolver resolver(io_);
    boost::asio::connect(socket_, resolver.resolve(host_, std::to_string(port_)));
  }
  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  std::string host_;
  std::uint16_t port_;
  boost::asio::io_context io_;
  tcp::socket socket_{io_};
};

Client::Client(std::string host, std::uint16_t port) : impl_(std::make_unique<Impl>(std::move(host), port)) {}
Client::~Client() = default;

ClientResponse Client::request(const std::string& method, const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
  return impl_->request(method, target, body, headers);
}

}  // namespace ctib::http_server
