#pragma once
// Reads one HTTP/1.1 answer from the bytes a kept connection receives, with
// Boost.Beast's response parser: the untrusted edge of the lean client
// (fuzz/response_reader_fuzz.cpp). Interim 1xx answers are skipped; the
// final answer becomes a typed Response. Private to ctib_http.
//
// Ownership: one per connection (LeanCore), restarted for every request.

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "libs/http/message.hpp"

namespace ctib::http::detail {

class ResponseReader {
 public:
  enum class State {
    NeedMore,  // feed more bytes (or eof())
    Done,      // take() the answer
    Failed,    // error() says why; the connection cannot be reused
  };

  explicit ResponseReader(std::size_t max_body_bytes) : max_body_(max_body_bytes) {}

  // Forgets everything: the next bytes start a new answer.
  void restart();
  // Consumes `bytes` (which may end mid-header: the rest is kept). Returns
  // Done as soon as the final answer is complete; bytes after it are
  // counted in leftover().
  State feed(std::string_view bytes);
  // The peer closed the connection: completes an answer delimited by the
  // close, fails any other unfinished one.
  State eof();

  [[nodiscard]] State state() const noexcept { return state_; }
  // True once any byte of the current answer arrived (1xx included).
  [[nodiscard]] bool got_some() const noexcept { return got_some_; }
  // Bytes received after the final answer (a peer that pipelines or lies).
  [[nodiscard]] std::size_t leftover() const noexcept { return leftover_; }
  // Whether the connection may carry another request (HTTP/1.1 without
  // Connection: close, nothing left over). Valid when Done, before take().
  [[nodiscard]] bool keep_alive() const noexcept;
  // Valid when Failed.
  [[nodiscard]] const Failure& error() const noexcept { return error_; }
  // Valid once when Done: the status, headers and body.
  Response take();

 private:
  using Parser = boost::beast::http::response_parser<boost::beast::http::string_body>;
  void fail(Failure::Reason reason, std::string detail);
  State consume(std::string_view bytes);

  std::size_t max_body_;
  std::optional<Parser> parser_;  // emplaced per answer: Beast parsers cannot be reset
  std::string pending_;           // an unfinished header block, kept until it is whole
  State state_ = State::NeedMore;
  bool got_some_ = false;
  std::size_t leftover_ = 0;
  Failure error_;
};

}  // namespace ctib::http::detail
