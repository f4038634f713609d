#pragma once
// A hangup notification as the spool and the call journal keep it: the
// request exactly as it will be sent, so a replay after a restart sends the
// same bytes the first attempt would have sent.

#include <chrono>
#include <string>

#include "engine/routing/request.hpp"

namespace ctib::events {

struct SpooledNotification {
  std::string id;  // the call uuid: one hangup per call
  routing::HttpRequest request;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{3000};
  friend bool operator==(const SpooledNotification&, const SpooledNotification&) = default;
};

}  // namespace ctib::events
