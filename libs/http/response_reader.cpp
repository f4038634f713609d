// Feeding Beast's parser from a non-blocking socket's reads.
#include "libs/http/detail/response_reader.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

namespace ctib::http::detail {

namespace beast_http = boost::beast::http;

void ResponseReader::restart() {
  parser_.emplace();
  // The header alone first: with eager parsing Beast goes straight on to
  // size the body from Content-Length (string_body reserves all of it)
  // before consume() could hold that length to max_body_. eager is turned
  // on once the header has passed.
  parser_->eager(false);
  parser_->body_limit(max_body_);
  pending_.clear();
  state_ = State::NeedMore;
  got_some_ = false;
  leftover_ = 0;
  error_ = {};
}

void ResponseReader::fail(Failure::Reason reason, std::string detail) {
  state_ = State::Failed;
  error_ = Failure{reason, std::move(detail)};
}

ResponseReader::State ResponseReader::feed(std::string_view bytes) {
  if (!parser_) restart();
  if (state_ != State::NeedMore) {
    leftover_ += bytes.size();
    return state_;
  }
  if (!bytes.empty()) got_some_ = true;
  if (pending_.empty()) return consume(bytes);
  // Beast takes a header only whole: what it left unconsumed last time is
  // presented again with the new bytes.
  pending_.append(bytes);
  std::string joined = std::move(pending_);
  pending_.clear();
  return consume(joined);
}

ResponseReader::State ResponseReader::consume(std::string_view bytes) {
  while (!bytes.empty()) {
    boost::beast::error_code ec;
    const std::size_t used = parser_->put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec == beast_http::error::need_more) break;
    if (ec == beast_http::error::body_limit) {
      fail(Failure::Reason::TooLarge, "body larger than " + std::to_string(max_body_) + " bytes");
      return state_;
    }
    if (ec) {
      fail(Failure::Reason::Other, "bad HTTP answer: " + ec.message());
      return state_;
    }
    // Boost 1.74's parser does not hold a response's Content-Length to the
    // body limit (it does chunks and bodies ended by the close): checked
    // here, before the body is read, and on what was read.
    if (parser_->is_header_done()) {
      const auto announced = parser_->content_length();
      if ((announced && *announced > max_body_) || parser_->get().body().size() > max_body_) {
        fail(Failure::Reason::TooLarge, "body larger than " + std::to_string(max_body_) + " bytes");
        return state_;
      }
      parser_->eager(true);  // the body in as few put()s as the bytes allow
    }
    if (parser_->is_done()) {
      const unsigned status = parser_->get().result_int();
      if (status >= 100 && status < 200 && status != 101) {
        // An interim answer (100 Continue, 103 Early Hints): the final one follows.
        const bool some = got_some_;
        restart();
        got_some_ = some;
        continue;
      }
      state_ = State::Done;
      leftover_ = bytes.size();
      return state_;
    }
    if (used == 0) break;  // defensive: Beast wants more than it said
  }
  pending_.assign(bytes.data(), bytes.size());
  return state_;
}

ResponseReader::State ResponseReader::eof() {
  if (!parser_) restart();
  if (state_ != State::NeedMore) return state_;
  if (!got_some_) {
    fail(Failure::Reason::Other, "connection closed by the server before any answer");
    return state_;
  }
  if (!pending_.empty() || !parser_->got_some()) {
    // Inside a header, or after an interim 1xx answer before the final one
    // began (Beast's put_eof() requires bytes of the current message: the
    // fuzz target found that).
    fail(Failure::Reason::Other, "connection closed by the server before the answer was complete");
    return state_;
  }
  boost::beast::error_code ec;
  parser_->put_eof(ec);
  if (ec || !parser_->is_done()) {
    fail(Failure::Reason::Other, "connection closed by the server before the answer was complete");
    return state_;
  }
  state_ = State::Done;
  return state_;
}

bool ResponseReader::keep_alive() const noexcept {
  return state_ == State::Done && leftover_ == 0 && parser_->keep_alive() && !parser_->need_eof();
}

Response ResponseReader::take() {
  Response out;
  auto message = parser_->release();
  out.status = static_cast<int>(message.result_int());
  out.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  for (const auto& field : message) {
    out.headers.push_back(Header{std::string(field.name_string()), std::string(field.value())});
  }
  out.body = std::move(message.body());
  parser_.reset();
  state_ = State::NeedMore;
  return out;
}

}  // namespace ctib::http::detail
