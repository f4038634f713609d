#pragma once
// A blocking HTTP/1.1 client over one keep-alive connection. For tests and
// tools that talk to a Server on 127.0.0.1; not for production call paths.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ctib::http_server {

struct ClientResponse {
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class Client {
 public:
  Client(std::string host, std::uint16_t port);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request; reconnects if the server closed the connection.
  // Throws std::system_error on network failure.
  ClientResponse request(const std::string& method, const std::string& target, const std::string& body = {},
                         const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ctib::http_server
