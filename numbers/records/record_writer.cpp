#include "numbers/records/record_writer.hpp"

#include <algorithm>
#include <exception>
#include <string_view>
#include <unordered_set>

namespace ctib::numbers::records {

RecordWriter::RecordWriter(storage::Repository& repository, WriterOptions options,
                           std::function<void(std::string_view)> log, PushHook* push)
    : repository_(repository), options_(options), log_(std::move(log)), push_(push) {}

RecordWriter::~RecordWriter() { stop(); }

void RecordWriter::start() {
  const std::lock_guard lock(mutex_);
  if (running_) return;
  running_ = true;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void RecordWriter::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (!running_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  const std::lock_guard lock(mutex_);
  running_ = false;
}

void RecordWriter::push(PendingRequest request) {
  std::unique_lock lock(mutex_);
  // Back-pressure rather than loss: a database that cannot keep up slows the
  // answers down instead of growing the queue without bound.
  if (running_) written_.wait(lock, [this] { return queue_.size() < options_.queue_limit || stopping_; });
  if (!running_ || stopping_) {
    // No thread to hand it to (not started, or shutting down): write it now,
    // as the service did before the writer existed.
    lock.unlock();
    std::vector<PendingRequest> one;
    one.push_back(std::move(request));
    write(one);
    return;
  }
  queue_.push_back(std::move(request));
  ++pushed_;
  // The first record starts the writer's interval (without this wake-up a
  // lone record waited for the next full batch or flush: found by the
  // queue-length metric); a full batch ends it early.
  if (queue_.size() == 1 || queue_.size() >= options_.batch) wake_.notify_one();
}

void RecordWriter::flush() {
  std::unique_lock lock(mutex_);
  if (!running_) return;  // push() wrote synchronously
  const std::uint64_t target = pushed_;
  if (done_ >= target) return;
  wanted_ = std::max(wanted_, target);
  wake_.notify_one();
  written_.wait(lock, [this, target] { return done_ >= target; });
}

void RecordWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    // Let the batch fill for up to one interval, unless someone waits on it.
    wake_.wait_for(lock, options_.interval, [this] {
      return queue_.size() >= options_.batch || stopping_ || wanted_ > done_;
    });
    if (queue_.empty()) {
      if (stopping_) return;
      continue;
    }
    const auto take = static_cast<std::ptrdiff_t>(std::min(queue_.size(), options_.batch));
    std::vector<PendingRequest> batch(std::make_move_iterator(queue_.begin()),
                                      std::make_move_iterator(queue_.begin() + take));
    queue_.erase(queue_.begin(), queue_.begin() + take);
    // Room again: push()ers held back by the limit may go on now, not only
    // once this batch is written.
    written_.notify_all();
    const std::uint64_t upto = pushed_ - queue_.size();
    lock.unlock();
    write(batch);
    lock.lock();
    done_ = upto;
    written_.notify_all();
  }
}

namespace {

// The record of a request that is its call's first notification (the usual
// case): built from empty, as lock_record would give it.
model::CallRecord fresh_record(const PendingRequest& r) {
  model::CallRecord fresh;
  fresh.uuid = r.note.uuid;
  fresh.updated_at = r.received;
  merge(fresh, r.note, r.received);
  merge_decision(fresh, r.decision, r.note.caller, r.x);
  return fresh;
}

}  // namespace

void RecordWriter::write_batch(storage::Session& session, const std::vector<PendingRequest>& batch) {
  // The fresh records go in a few multi-row inserts (on PostgreSQL one round
  // trip per 64 records instead of one per record). A uuid met twice in the
  // batch (a routing request sent again) is merged after, one by one: the
  // merge is order-independent, and one insert must not name a uuid twice.
  std::vector<model::CallRecord> fresh;
  std::vector<const PendingRequest*> fresh_from;
  std::vector<const PendingRequest*> again;
  std::unordered_set<std::string_view> uuids;
  fresh.reserve(batch.size());
  fresh_from.reserve(batch.size());
  for (const PendingRequest& r : batch) {
    if (!uuids.insert(r.note.uuid).second) {
      again.push_back(&r);
      continue;
    }
    fresh.push_back(fresh_record(r));
    fresh_from.push_back(&r);
  }
  const std::vector<bool> inserted = session.insert_records_if_absent(fresh);
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    if (!inserted[i]) {
      merge_existing(session, *fresh_from[i]);
    } else if (push_) {
      push_->on_merged(session, fresh[i], model::Event::request, fresh_from[i]->received);
    }
  }
  for (const PendingRequest* r : again) write_one(session, *r);
}

void RecordWriter::write_one(storage::Session& session, const PendingRequest& r) {
  // One statement when the record is new (on PostgreSQL one round trip
  // instead of three).
  const model::CallRecord fresh = fresh_record(r);
  if (session.insert_record_if_absent(fresh)) {
    if (push_) push_->on_merged(session, fresh, model::Event::request, r.received);
    return;
  }
  merge_existing(session, r);
}

void RecordWriter::merge_existing(storage::Session& session, const PendingRequest& r) {
  // A ring, answer or hangup came first: merge into it under its row lock.
  model::CallRecord record = session.lock_record(r.note.uuid, r.received);
  const bool first = !record.has_seen(model::Event::request);
  merge(record, r.note, r.received);
  merge_decision(record, r.decision, r.note.caller, r.x);
  session.save_record(record);
  if (push_ && first) push_->on_merged(session, record, model::Event::request, r.received);
}

WriterStats RecordWriter::stats() const {
  const std::lock_guard lock(mutex_);
  return WriterStats{queue_.size(), options_.queue_limit, written_total_, failed_total_, last_batch_at_};
}

void RecordWriter::write(std::vector<PendingRequest>& batch) {
  std::uint64_t failed = 0;
  const auto account = [this, &batch, &failed] {
    const std::lock_guard lock(mutex_);
    written_total_ += batch.size() - failed;
    failed_total_ += failed;
    last_batch_at_ = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  };
  try {
    auto session = repository_.begin(storage::SessionKind::records);
    write_batch(*session, batch);
    session->commit();
    if (push_) push_->committed();
    account();
    return;
  } catch (const std::exception& e) {
    log_(std::string("records: batch of ") + std::to_string(batch.size()) + " not written, retrying one by one: " +
         e.what());
  }
  // One record that cannot be written must not take the others with it.
  for (const PendingRequest& r : batch) {
    try {
      auto session = repository_.begin(storage::SessionKind::records);
      write_one(*session, r);
      session->commit();
      if (push_) push_->committed();
    } catch (const std::exception& e) {
      // As before the writer existed: the hangup notification, which the
      // engine retries, creates the record later (without binding facts).
      log_("[" + r.note.uuid + "] records: record not written: " + e.what());
      ++failed;
    }
  }
  account();
}

}  // namespace ctib::numbers::records
