#include "libs/http_server/connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "libs/base/text.hpp"

namespace ctib::http_server::detail {

namespace {

// Beast's request → our plain Request. False when the target is malformed.
bool to_request(http::request<http::string_body>& in, Request& out) {
  out.method = std::string(in.method_string());
  const std::string_view target(in.target().data(), in.target().size());
  out.target = std::string(target);
  const std::size_t question = target.find('?');
  if (!percent_decode(target.substr(0, question), out.path)) return false;
  if (question != std::string_view::npos && !parse_query(target.substr(question + 1), out.query)) {
    return false;
  }
  for (const auto& field : in) {
    out.headers.emplace_back(base::to_lower(std::string_view(field.name_string().data(), field.name_string().size())),
                             std::string(field.value()));
  }
  out.body = std::move(in.body());
  return true;
}

}  // namespace

Connection::Connection(boost::asio::ip::tcp::socket socket, Shared shared)
    : stream_(std::move(socket)), shared_(shared) {}

void Connection::start() {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
}

void Connection::close_if_idle() {
  boost::asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->busy_) self->shutdown();
  });
}

void Connection::read() {
  if (shared_.stopping.load()) {
    shutdown();
    return;
  }
  parser_.emplace();
  parser_->body_limit(shared_.config.body_limit);
  parser_->header_limit(static_cast<std::uint32_t>(shared_.config.header_limit));
  stream_.expires_after(shared_.config.idle_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Connection::on_read, shared_from_this()));
}

void Connection::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec == http::error::body_limit) return reject(413, "request body too large");
  if (ec == http::error::header_limit) return reject(431, "request headers too large");
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::operation_aborted || ec == boost::asio::error::connection_reset) {
    return shutdown();
  }
  if (ec) return reject(400, "malformed HTTP request");
  handle(parser_->release());
}

void Connection::handle(http::request<http::string_body> request) {
  busy_ = true;
  stream_.expires_never();  // the handler may take a while; the write re-arms it
  Request plain;
  if (!to_request(request, plain)) return reject(400, "malformed request target");
  // The handler runs here, on one of the server's threads, and may block on
  // the database: this connection waits for it, the other threads keep
  // serving the others. Handing it to a separate pool and the answer back
  // cost two thread wake-ups per request (with the scheduling around them
  // ~10 % of ctib-numbers' CPU; docs/numbers-service.md, "Threads").
  write(shared_.router.dispatch(plain), request.keep_alive(), request.version());
}

void Connection::write(Response response, bool keep_alive, unsigned version) {
  busy_ = true;
  // One response object per connection, reused: its fields are cleared, the
  // storage of its body is moved in from the handler's answer.
  response_.clear();
  response_.result(static_cast<http::status>(response.status));
  response_.version(version);
  response_.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) response_.set(name, value);
  response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive && !shared_.stopping.load());
  response_.prepare_payload();
  const bool close = !response_.keep_alive();
  stream_.expires_after(shared_.config.idle_timeout);
  http::async_write(stream_, response_,
                    beast::bind_front_handler(&Connection::on_write, shared_from_this(), close));
}

void Connection::on_write(bool close, beast::error_code ec, std::size_t /*bytes*/) {
  busy_ = false;
  response_.body().clear();
  if (ec || close) return shutdown();
  read();
}

void Connection::reject(unsigned status, std::string_view message) {
  write(shared_.router.error(status, message), false, 11);
}

void Connection::shutdown() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

}  // namespace ctib::http_server::detail
