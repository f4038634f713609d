#include "numbers/records/record_service.hpp"

namespace ctib::numbers::records {

void RecordService::on_request(const Notification& n, const model::RouteDecision& decision, const std::string& x) {
  const model::Instant now = clock_.now();
  if (writer_) {
    // The time of receipt travels with it: the record shows when the call
    // came, not when the batch was written.
    writer_->push(PendingRequest{n, decision, x, now});
    return;
  }
  auto session = repository_.begin(storage::SessionKind::records);
  model::CallRecord record = session->lock_record(n.uuid, now);
  const bool first = !record.has_seen(n.event);
  merge(record, n, now);
  merge_decision(record, decision, n.caller, x);
  session->save_record(record);
  if (push_ && first) push_->on_merged(*session, record, n.event, now);
  session->commit();
  if (push_) push_->committed();
}

MergeOutcome RecordService::on_event(const Notification& n) {
  // A pushed event carries the binding facts (and goes to the binding's
  // callback_url), which only the routing request's record has: let the
  // writer commit the requests already answered first (at most one writer
  // interval; notifications are off the call's path).
  if (push_ && writer_) writer_->flush();
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::records);
  model::CallRecord record = session->lock_record(n.uuid, now);
  // Pushed once per call and event: a repeated ring or a re-sent hangup
  // merges again but was pushed already.
  const bool first = !record.has_seen(n.event);
  const MergeOutcome outcome = merge(record, n, now);
  if (outcome == MergeOutcome::conflict) {
    conflicts_.fetch_add(1, std::memory_order_relaxed);
    return outcome;  // the session ends without a write: the row stays as it was
  }
  session->save_record(record);
  if (push_ && first && outcome == MergeOutcome::applied) push_->on_merged(*session, record, n.event, now);
  session->commit();
  if (push_) push_->committed();
  return outcome;
}

bool RecordService::on_transfer(const std::string& uuid, const std::string& target) {
  if (writer_) writer_->flush();
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::records);
  model::CallRecord record = session->lock_record(uuid, now);
  // Checked again under the row's lock: a hangup or another transfer may
  // have been merged since the caller read the record. Without a commit the
  // empty row lock_record makes for an unknown uuid is rolled back.
  if (record.seen == 0 || record.has_seen(model::Event::hangup) || !record.transferred_to.empty()) return false;
  record.transferred_to = target;
  record.transfer_time = now;
  record.updated_at = now;
  session->save_record(record);
  session->commit();
  return true;
}

base::Expected<model::CallRecord, model::Failure> RecordService::get(const std::string& uuid,
                                                                     const model::Scope& scope) {
  if (writer_) writer_->flush();
  auto found = repository_.begin(storage::SessionKind::read)->find_record(uuid);
  if (!found || !scope.sees(found->tenant))
    return base::unexpected(model::not_found("uuid", "no call record " + uuid));
  return *found;
}

model::Page<model::CallRecord> RecordService::list(const storage::RecordFilter& filter,
                                                   const model::PageRequest& page) {
  if (writer_) writer_->flush();
  return repository_.begin(storage::SessionKind::read)->list_records(filter, page);
}

}  // namespace ctib::numbers::records
