#pragma once
// The [push] settings (docs/push.md): where call events and records go,
// how they are signed, batched and retried. Parsed and checked by
// numbers/app/config.cpp; plain values here.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "libs/signing/signature.hpp"

namespace ctib::numbers::push {

struct PushOptions {
  // Every item is pushed to each of these, unless its binding has its own
  // callback_url. Empty: only bindings with a callback_url are pushed.
  std::vector<std::string> urls;
  signing::SigningKey key;                    // id in X-CTIB-Key-Id, secret keys the HMAC
  std::size_t batch_size = 50;                // items per POST at most
  std::chrono::milliseconds max_delay{1000};  // longest a new item waits for its batch to fill
  std::int64_t max_attempts = 12;             // then the item is dead (GET /v1/push/failed)
  std::chrono::seconds backoff_initial{1};    // after the first failure; doubles per failure
  std::chrono::seconds backoff_max{300};      // the doubling stops here
  std::chrono::milliseconds timeout{5000};    // one POST, connect included
  std::size_t max_in_flight = 4;              // POSTs at once
};

}  // namespace ctib::numbers::push
