#pragma once
// The request and response values a route handler sees. They are plain data,
// decoded from the wire by the server, so handlers never touch Beast types.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctib::http_server {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded path, no query string
  // The request-target exactly as received (path and query, still
  // percent-encoded): what a request signature covers.
  std::string target;
  // Query parameters in their order of appearance, percent-decoded. A '+' is
  // kept as '+' (RFC 3986): E.164 numbers start with one, and clients that
  // send form-encoded spaces are not a use case here.
  std::vector<std::pair<std::string, std::string>> query;
  // Header names are lower-case.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first value of a query parameter, or nullptr.
  [[nodiscard]] const std::string* query_param(std::string_view name) const noexcept;
  // The first value of a header (name in any case), or nullptr.
  [[nodiscard]] const std::string* header(std::string_view name) const noexcept;
};

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

// Values of the `{name}` segments of the matched route pattern, decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

// Decodes %XX escapes. Returns false on a malformed escape.
bool percent_decode(std::string_view in, std::string& out);

// Splits "a=1&b=2" into decoded pairs. Returns false on a malformed escape.
bool parse_query(std::string_view text, std::vector<std::pair<std::string, std::string>>& out);

}  // namespace ctib::http_server
