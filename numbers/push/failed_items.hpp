#pragma once
// The dead-lettered items for the API (GET /v1/push/failed,
// POST /v1/push/failed/{id}/resend): listed oldest first, and put back in
// the outbox with a fresh retry budget, due at once.
//
// Threads: the API's worker threads, several at a time (sessions only).

#include <cstddef>
#include <cstdint>
#include <functional>

#include "libs/base/expected.hpp"
#include "numbers/model/clock.hpp"
#include "numbers/model/failure.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::push {

class FailedItems {
 public:
  // `wake(n)`: PushRunner::wake, or nothing when pushing is off.
  FailedItems(storage::Repository& repository, const model::Clock& clock,
              std::function<void(std::size_t)> wake)
      : repository_(repository), clock_(clock), wake_(std::move(wake)) {}

  // The items `scope` sees (its tenant's, or all for an operator key).
  model::Page<storage::PushItem> list(const model::PageRequest& page, const model::Scope& scope = {});
  // not_found when `id` is not a dead item (unknown, delivered, already
  // re-sent, or another tenant's).
  base::Expected<storage::PushItem, model::Failure> resend(std::int64_t id, const model::Scope& scope = {});

 private:
  storage::Repository& repository_;
  const model::Clock& clock_;
  const std::function<void(std::size_t)> wake_;
};

}  // namespace ctib::numbers::push
