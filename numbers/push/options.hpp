#pragma once
// The [push] settings (docs/push.md): where call events and records go,
// how they are signed, batched and retried. Parsed and checked by
// numbers/app/config.cpp; plain values here.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libs/signing/signature.hpp"

namespace ctib::numbers::push {

// One tenant's own callback URLs and signing key ([[push.tenants]],
// decision 0027): its calls' items go to `urls` (a binding's callback_url
// still wins) and every item of its calls is signed with `key`, wherever
// it goes.
struct TenantPush {
  std::string tenant;
  std::vector<std::string> urls;  // empty: only its bindings with a callback_url are pushed
  signing::SigningKey key;
};

struct PushOptions {
  // Every item is pushed to each of these, unless its binding has its own
  // callback_url or its tenant has an entry in `tenants`. Empty: only
  // bindings with a callback_url are pushed.
  std::vector<std::string> urls;
  signing::SigningKey key;                    // id in X-CTIB-Key-Id, secret keys the HMAC
  std::vector<TenantPush> tenants;            // at most one per tenant (checked by the config)
  std::size_t batch_size = 50;                // items per POST at most
  std::chrono::milliseconds max_delay{1000};  // longest a new item waits for its batch to fill
  std::int64_t max_attempts = 12;             // then the item is dead (GET /v1/push/failed)
  std::chrono::seconds backoff_initial{1};    // after the first failure; doubles per failure
  std::chrono::seconds backoff_max{300};      // the doubling stops here
  std::chrono::milliseconds timeout{5000};    // one POST, connect included
  std::size_t max_in_flight = 4;              // POSTs at once

  // The entry of `tenant`, or null: the tenant uses `urls` and `key`.
  [[nodiscard]] const TenantPush* tenant_push(std::string_view tenant) const noexcept {
    for (const TenantPush& t : tenants) {
      if (t.tenant == tenant) return &t;
    }
    return nullptr;
  }
  // The key an item of `tenant`'s calls is signed with.
  [[nodiscard]] const signing::SigningKey& key_for(std::string_view tenant) const noexcept {
    const TenantPush* own = tenant_push(tenant);
    return own ? own->key : key;
  }
};

}  // namespace ctib::numbers::push
