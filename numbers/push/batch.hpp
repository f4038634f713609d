#pragma once
// Due outbox items → POSTs: grouped by URL and tenant (in outbox order), at
// most batch_size items each, signed with the tenant's key (PushOptions::key_for). Pure: the timestamp is
// passed in.
//
// A POST's body is {"items":[<item>,...]}, each item as stored in the
// outbox; its headers X-CTIB-Timestamp, X-CTIB-Key-Id, X-CTIB-Signature
// (signing::body_signature over "<timestamp>.<body>") and Idempotency-Key,
// the items' keys in body order separated by ", ".

#include <cstddef>
#include <cstdint>
#include <vector>

#include "libs/http/message.hpp"
#include "numbers/push/options.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::push {

using Batch = std::vector<storage::PushItem>;

std::vector<Batch> make_batches(std::vector<storage::PushItem> items, std::size_t batch_size);

http::Request build_request(const Batch& batch, const PushOptions& options, std::int64_t timestamp);

}  // namespace ctib::numbers::push
