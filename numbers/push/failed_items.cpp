#include "numbers/push/failed_items.hpp"

#include <string>

namespace ctib::numbers::push {

model::Page<storage::PushItem> FailedItems::list(const model::PageRequest& page, const model::Scope& scope) {
  return repository_.begin(storage::SessionKind::read)->list_dead_push(scope.filter(), page);
}

base::Expected<storage::PushItem, model::Failure> FailedItems::resend(std::int64_t id,
                                                                      const model::Scope& scope) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::records);
  if (!session->resend_push(id, scope.filter(), now)) {
    return base::unexpected(model::not_found("id", "no failed push item " + std::to_string(id)));
  }
  session->commit();
  if (wake_) wake_(1);
  storage::PushItem item;
  item.id = id;
  item.next_attempt_at = now;
  return item;
}

}  // namespace ctib::numbers::push
