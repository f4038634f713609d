#pragma once
// How notifications leave the engine. The composition root implements it
// with the curl-multi HTTP client; tests with a fake.

#include <chrono>
#include <functional>
#include <string>

#include "engine/routing/request.hpp"

namespace ctib::events {

struct Delivery {
  bool ok = false;      // a 2xx answer was received
  std::string detail;   // "HTTP 500", "connect refused", ... for the log line
};

class NotificationTransport {
 public:
  virtual ~NotificationTransport() = default;
  // Sends `request`; `done` runs once, later, on the loop thread.
  virtual void send(const routing::HttpRequest& request, std::chrono::milliseconds connect_timeout,
                    std::chrono::milliseconds total_timeout, std::function<void(Delivery)> done) = 0;
};

}  // namespace ctib::events
