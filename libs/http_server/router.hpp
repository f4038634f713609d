#pragma once
// A route table: (method, pattern) → handler. Patterns are literal segments
// and `{name}` placeholders ("/v1/bindings/{id}"). Dispatch never throws: an
// exception from a handler becomes a 500, an unknown path a 404, a known path
// with another method a 405.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/http_server/message.hpp"

namespace ctib::http_server {

using Handler = std::function<Response(const Request&, const PathParams&)>;

// Builds the body of the responses the router itself produces (404, 405, 500
// and the server's 400/413/431), so a service keeps one error format.
using ErrorBody = std::function<Response(unsigned status, std::string_view message)>;

// Where the server reports failures it cannot answer the client about.
using Logger = std::function<void(std::string_view line)>;

// {"error":{"field":null,"message":"..."}}
Response default_error(unsigned status, std::string_view message);

class Router {
 public:
  explicit Router(ErrorBody error_body = default_error, Logger log = {});

  void add(std::string method, std::string_view pattern, Handler handler);

  // Called on the server's threads; safe to call concurrently once routes are added.
  [[nodiscard]] Response dispatch(const Request& request) const noexcept;

  [[nodiscard]] Response error(unsigned status, std::string_view message) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{id}" marks a placeholder
    Handler handler;
  };
  void log_failure(const Request& request, std::string_view what) const noexcept;
  static bool match(const Route& route, const std::vector<std::string_view>& path, PathParams& params);

  std::vector<Route> routes_;
  ErrorBody error_body_;
  Logger log_;
};

}  // namespace ctib::http_server
