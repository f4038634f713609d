#include "engine/events/spool.hpp"

#include "engine/events/notification_json.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace ctib::events {

namespace fs = std::filesystem;

namespace {

// File names come from call uuids we generated, but the spool must not become
// a path traversal if that ever changes: keep only safe characters.
std::string safe_name(const std::string& id) {
  std::string out;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out += ok ? c : '_';
  }
  return out;
}

std::int64_t wall_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Spool::Spool(fs::path dir, std::chrono::milliseconds write_delay, JournalOptions journal)
    : dir_(std::move(dir)), write_delay_(write_delay), journal_options_(journal) {
  fs::create_directories(dir_);
  if (journal_options_.enabled) recover();
  writer_ = std::thread([this] { writer_main(); });
}

// Before the writer starts and before SIP is served. Order matters for a
// crash in the middle: the recovered hangups are synced into spool files
// first, and only then is the old journal replaced by an empty one; a crash
// before that recovers the same journal again, and recover_hangups() gives
// the same notifications, so nothing is sent twice with other values.
void Spool::recover() {
  const fs::path path = dir_ / "calls.journal";
  JournalRead read = read_journal(path);
  recovery_.skipped = std::move(read.skipped);
  for (const auto& n : recover_hangups(read.state)) {
    const auto& call = read.state.calls().at(n.id);
    (call.end ? recovery_.ended : recovery_.crashed).push_back(n.id);
    if (!write_file(n, /*durable=*/true)) {
      // Replacing the journal now would lose this hangup: refuse to start.
      throw std::system_error(std::make_error_code(std::errc::io_error),
                              "spool " + dir_.string() + ": cannot write the recovered hangup of " + n.id);
    }
  }
  journal_ = std::make_unique<CallJournal>(path);
  std::string error;
  if (journal_->size() > 0 && !journal_->rewrite({}, error)) {
    throw std::system_error(std::make_error_code(std::errc::io_error), "call journal " + path.string() + ": " + error);
  }
}

Spool::~Spool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

fs::path Spool::path_for(const std::string& id) const { return dir_ / (safe_name(id) + ".json"); }

std::vector<SpooledNotification> Spool::load(const std::function<void(const std::string&)>& on_bad) {
  std::vector<SpooledNotification> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".json") continue;  // .tmp leftovers of a crash mid-write, .bad files
    std::ifstream in(p);
    std::stringstream text;
    text << in.rdbuf();
    SpooledNotification n;
    if (in && detail::from_json(nlohmann::json::parse(text.str(), nullptr, false), n)) {
      out.push_back(std::move(n));
    } else {
      fs::rename(p, fs::path(p).concat(".bad"), ec);
      on_bad(p.string());
    }
  }
  // At start, before any store(): the listing is every file there is.
  on_disk_.store(out.size(), std::memory_order_relaxed);
  return out;
}

void Spool::store(SpooledNotification n) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(Job{JobKind::Store, std::move(n), {}});
    ++jobs_queued_;
  }
  wake_.notify_one();
}

void Spool::remove(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(Job{JobKind::Remove, SpooledNotification{id, {}, {}, {}}, {}});
    ++jobs_queued_;
  }
  wake_.notify_one();
}

void Spool::record(JournalRecord r) {
  if (!journal_) return;
  // A Start or an Answer is synced with its batch (apply()); waiting for the
  // batch is waiting for the fdatasync.
  const bool wait = journal_options_.strict && (r.kind == RecordKind::Start || r.kind == RecordKind::Answer);
  std::unique_lock lock(mutex_);
  jobs_.push_back(Job{JobKind::Record, {}, std::move(r)});
  const std::uint64_t ticket = ++jobs_queued_;
  wake_.notify_one();
  if (wait) idle_.wait(lock, [&] { return jobs_applied_ >= ticket; });
}

void Spool::set_on_committed(std::function<void(Committed)> handler) {
  std::lock_guard lock(handler_mutex_);
  on_committed_ = std::move(handler);
}

void Spool::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = ++flushes_wanted_;
  wake_.notify_one();
  idle_.wait(lock, [&] { return flushes_done_ >= ticket; });
}

void Spool::writer_main() {
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto ready = [this] {
      const auto now = Clock::now();
      return stopping_ || !jobs_.empty() || flushes_wanted_ > flushes_done_ || (next_due_ && now >= *next_due_) ||
             (heartbeat_due_ && now >= *heartbeat_due_);
    };
    std::optional<Clock::time_point> deadline = next_due_;
    if (heartbeat_due_ && (!deadline || *heartbeat_due_ < *deadline)) deadline = heartbeat_due_;
    if (deadline) {
      wake_.wait_until(lock, *deadline, ready);
    } else {
      wake_.wait(lock, ready);
    }
    std::deque<Job> batch;
    batch.swap(jobs_);
    const std::uint64_t wanted = flushes_wanted_;
    const bool flush = wanted > flushes_done_;
    const bool stopping = stopping_;
    lock.unlock();
    const std::size_t applied = batch.size();
    apply(batch, stopping || flush);
    lock.lock();
    jobs_applied_ += applied;
    if (journal_options_.strict) idle_.notify_all();
    next_due_ = due_.empty() ? std::nullopt : std::optional(due_.front().first);
    heartbeat_due_ = journal_ && live_.any_up() ? std::optional(last_append_ + journal_options_.heartbeat)
                                                : std::nullopt;
    if (flush && jobs_.empty() && delayed_.empty()) {
      flushes_done_ = wanted;
      idle_.notify_all();
    }
    if (stopping && jobs_.empty() && delayed_.empty()) return;
  }
}

void Spool::apply(std::deque<Job>& batch, bool all) {
  const auto now = Clock::now();
  const std::int64_t at = journal_ ? wall_us() : 0;
  std::string bytes;           // this batch's journal records
  std::vector<std::string> ids;  // hangups this batch makes durable
  std::vector<std::string> removals;
  // A batch of Done records alone is not synced: losing one to a machine
  // crash only resends a hangup with the same values. It reaches the disk
  // with the next synced batch.
  bool sync = false;
  auto journal = [&](JournalRecord r) {
    r.at_us = at;
    sync = sync || r.kind != RecordKind::Done;
    bytes += encode_record(r);
    live_.apply(r);
  };
  for (Job& job : batch) {
    switch (job.kind) {
      case JobKind::Record:
        if (journal_) journal(std::move(job.record));
        break;
      case JobKind::Store: {
        const std::string id = job.n.id;
        if (journal_) {
          JournalRecord end;
          end.kind = RecordKind::End;
          end.uuid = id;
          end.hangup = job.n;
          journal(std::move(end));
          ids.push_back(id);
        }
        delayed_.insert_or_assign(id, Delayed{std::move(job.n), now + write_delay_});
        due_.emplace_back(now + write_delay_, id);
        break;
      }
      case JobKind::Remove:
        if (journal_) {
          JournalRecord done;
          done.kind = RecordKind::Done;
          done.uuid = job.n.id;
          journal(std::move(done));
        }
        if (delayed_.erase(job.n.id) == 0) removals.push_back(job.n.id);  // written already (or by an earlier run)
        break;
    }
  }
  // The journal first: a spool file is removed only once the delivery that
  // allows it is on record, so a crash between the two resends nothing.
  if (journal_) commit(bytes, sync, ids);
  for (const auto& id : removals) remove_file(id);
  // A flush writes everything waiting; `all` is true only while one is asked
  // for (or at stop), so a later batch waits its delay again.
  while (!due_.empty() && (all || due_.front().first <= now)) {
    auto [due, id] = std::move(due_.front());
    due_.pop_front();
    auto it = delayed_.find(id);
    if (it == delayed_.end() || it->second.due != due) continue;  // delivered, or stored again later
    // Once the file holds it, the journal may forget it; if it could not be
    // written, the journal keeps it (and memory retries it).
    if (write_file(it->second.n, journal_ != nullptr) && journal_) live_.settle(id);
    delayed_.erase(it);
  }
  // Past the limit, and past twice what the last compaction left: with more
  // live calls than the limit holds, a compaction per batch would rewrite
  // them all each time.
  if (journal_ && journal_->size() > std::max(journal_options_.compact_bytes, 2 * compacted_size_)) {
    std::string error;
    if (journal_->rewrite(live_.snapshot(), error)) {
      compacted_size_ = journal_->size();
    } else {
      std::lock_guard lock(handler_mutex_);
      if (on_committed_) on_committed_(Committed{{}, "compaction failed: " + error});
    }
  }
}

void Spool::commit(std::string& bytes, bool sync, std::vector<std::string>& ids) {
  const auto now = Clock::now();
  if (bytes.empty() && live_.any_up() && now - last_append_ >= journal_options_.heartbeat) {
    JournalRecord alive;
    alive.at_us = wall_us();
    bytes = encode_record(alive);
    live_.apply(alive);
    sync = true;
  }
  if (bytes.empty()) return;
  Committed c;
  if (!journal_->append(bytes, sync, c.error)) c.error = "journal write failed: " + c.error;
  last_append_ = now;
  if (ids.empty() && c.error.empty()) return;
  c.ids = std::move(ids);
  std::lock_guard lock(handler_mutex_);
  if (on_committed_) on_committed_(std::move(c));
}

bool Spool::write_file(const SpooledNotification& n, bool durable) {
  const fs::path final_path = path_for(n.id);
  const fs::path tmp = fs::path(final_path).concat(".tmp");
  const std::string text = detail::to_json(n).dump();
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return false;  // disk full or gone: the notification is still retried from memory
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (ok && durable) ok = ::fdatasync(fd) == 0;
  ::close(fd);
  std::error_code ec;
  const bool existed = fs::exists(final_path, ec);  // a rewrite (at stop) is not one more file
  if (!ok || ::rename(tmp.c_str(), final_path.c_str()) != 0) return false;
  if (!existed) on_disk_.fetch_add(1, std::memory_order_relaxed);
  if (durable) {
    const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
  return true;
}

void Spool::remove_file(const std::string& id) {
  std::error_code ec;
  if (fs::remove(path_for(id), ec)) on_disk_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace ctib::events
