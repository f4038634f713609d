#pragma once
// What goes to and comes back from the HTTP client: plain values, no curl.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/expected.hpp"

namespace ctib::http {

enum class Method { Get, Post };

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  Method method = Method::Get;
  std::string url;              // http:// or https:// only
  std::string body;             // sent for Post
  std::string content_type;     // Content-Type of `body`, if not empty
  std::vector<Header> headers;  // extra request headers; no CR/LF allowed
  // Time to establish the connection (a reused one counts as established).
  std::chrono::milliseconds connect_timeout{1000};
  // Whole exchange, connect included.
  std::chrono::milliseconds total_timeout{5000};
};

// Any complete HTTP answer, whatever its status: a 404 or 503 from the
// routing interface is an answer, and the caller decides what it means.
struct Response {
  int status = 0;
  std::string body;
  std::vector<Header> headers;              // of the final response, as received
  std::chrono::milliseconds total_time{0};  // send() to last byte, as curl measured it

  // Value of the first header named `name` (ASCII case-insensitive), or null.
  [[nodiscard]] const std::string* header(std::string_view name) const;
};

// No usable answer.
struct Failure {
  enum class Reason {
    ConnectFailed,    // refused, unreachable, name not resolved
    ConnectTimeout,   // no connection within connect_timeout (or total_timeout)
    ResponseTimeout,  // connected, but no complete answer within total_timeout
    TooLarge,         // body over ClientOptions::max_body_bytes
    Other,            // anything else: reset, protocol error, bad URL, ...
  };
  Reason reason = Reason::Other;
  std::string detail;  // curl's error text, for logs
};

[[nodiscard]] std::string_view to_string(Failure::Reason reason) noexcept;

using Result = base::Expected<Response, Failure>;
// Called exactly once per request, on the loop, unless the request is
// cancelled (then never). Must not throw.
using Callback = std::function<void(Result)>;

}  // namespace ctib::http
