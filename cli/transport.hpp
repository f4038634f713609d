#pragma once
// The one blocking HTTP exchange a `ctib` run needs. A CLI may block: it
// does nothing else meanwhile, so libcurl's easy interface is enough.

#include <string>

#include "cli/address.hpp"
#include "cli/command.hpp"
#include "libs/base/expected.hpp"

namespace ctib::cli {

struct Response {
  long status = 0;
  std::string body;
};

// The error message says why no answer came (refused, timed out, ...) and
// names the URL, never the token.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual base::Expected<Response, std::string> send(const Endpoint& to, const Request& request) = 0;
};

// Connect within 2 s, whole exchange within 10 s (docs/admin-api.md). Owns
// curl's global initialisation for its lifetime: build one, in main.
class CurlTransport final : public Transport {
 public:
  CurlTransport();
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  base::Expected<Response, std::string> send(const Endpoint& to, const Request& request) override;
};

}  // namespace ctib::cli
