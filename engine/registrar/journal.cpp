// SQLite journal of registrations. SQL lives in the named constants below.

#include "engine/registrar/journal.hpp"

#include <sqlite3.h>

namespace ctib::registrar {

namespace {

constexpr const char* kSchema =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS registrations ("
    " aor TEXT NOT NULL, contact TEXT NOT NULL, profile TEXT NOT NULL,"
    " call_id TEXT NOT NULL, cseq INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
    " received_ip TEXT NOT NULL, received_port INTEGER NOT NULL, transport TEXT NOT NULL,"
    " user_agent TEXT NOT NULL, PRIMARY KEY (aor, contact));";
constexpr const char* kUpsert =
    "INSERT OR REPLACE INTO registrations (aor, contact, profile, call_id, cseq, expires_at,"
    " received_ip, received_port, transport, user_agent) VALUES (?,?,?,?,?,?,?,?,?,?);";
constexpr const char* kDelete = "DELETE FROM registrations WHERE aor = ? AND contact = ?;";
constexpr const char* kDeleteExpired = "DELETE FROM registrations WHERE expires_at <= ?;";
constexpr const char* kSelect =
    "SELECT aor, contact, profile, call_id, cseq, expires_at, received_ip, received_port, transport,"
    " user_agent FROM registrations;";

std::int64_t to_epoch(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string column(sqlite3_stmt* s, int i) {
  const unsigned char* text = sqlite3_column_text(s, i);
  return text != nullptr ? reinterpret_cast<const char*>(text) : "";
}

void bind(sqlite3_stmt* s, int i, const std::string& v) { sqlite3_bind_text(s, i, v.c_str(), -1, SQLITE_TRANSIENT); }

}  // namespace

base::Expected<std::unique_ptr<Journal>, std::string> Journal::open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string err = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return base::unexpected(path + ": " + err);
  }
  char* err = nullptr;
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = path + ": " + (err != nullptr ? err : "schema failed");
    sqlite3_free(err);
    sqlite3_close(db);
    return base::unexpected(msg);
  }
  sqlite3_busy_timeout(db, 2000);
  return std::unique_ptr<Journal>(new Journal(db));
}

Journal::Journal(sqlite3* db) : db_(db) { writer_ = std::thread([this] { run(); }); }

Journal::~Journal() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  writer_.join();
  sqlite3_close(db_);
}

base::Expected<std::vector<Binding>, std::string> Journal::load(TimePoint now) {
  sqlite3_stmt* del = nullptr;
  if (sqlite3_prepare_v2(db_, kDeleteExpired, -1, &del, nullptr) == SQLITE_OK) {
    sqlite3_bind_int64(del, 1, to_epoch(now));
    sqlite3_step(del);
  }
  sqlite3_finalize(del);
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, kSelect, -1, &s, nullptr) != SQLITE_OK) {
    return base::unexpected(std::string(sqlite3_errmsg(db_)));
  }
  std::vector<Binding> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    Binding b;
    b.aor = column(s, 0);
    b.contact = column(s, 1);
    b.profile = column(s, 2);
    b.call_id = column(s, 3);
    b.cseq = static_cast<std::uint32_t>(sqlite3_column_int64(s, 4));
    b.expires_at = TimePoint(std::chrono::seconds(sqlite3_column_int64(s, 5)));
    b.received_ip = column(s, 6);
    b.received_port = static_cast<std::uint16_t>(sqlite3_column_int(s, 7));
    b.transport = column(s, 8);
    b.user_agent = column(s, 9);
    out.push_back(std::move(b));
  }
  sqlite3_finalize(s);
  return out;
}

void Journal::record(const std::vector<Change>& changes) {
  if (changes.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.insert(queue_.end(), changes.begin(), changes.end());
  }
  wake_.notify_one();
}

void Journal::flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

std::size_t Journal::failures() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failures_;
}

void Journal::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty() && stop_) return;
    std::vector<Change> batch;
    batch.swap(queue_);
    writing_ = true;
    lock.unlock();
    bool ok = write(batch);
    lock.lock();
    writing_ = false;
    if (!ok) ++failures_;
    idle_.notify_all();
  }
}

bool Journal::write(const std::vector<Change>& batch) {
  bool ok = sqlite3_exec(db_, "BEGIN;", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_stmt* upsert = nullptr;
  sqlite3_stmt* del = nullptr;
  ok = ok && sqlite3_prepare_v2(db_, kUpsert, -1, &upsert, nullptr) == SQLITE_OK;
  ok = ok && sqlite3_prepare_v2(db_, kDelete, -1, &del, nullptr) == SQLITE_OK;
  for (const Change& c : batch) {
    if (!ok) break;
    const Binding& b = c.binding;
    sqlite3_stmt* s = c.kind == Change::Kind::upsert ? upsert : del;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    bind(s, 1, b.aor);
    bind(s, 2, b.contact);
    if (c.kind == Change::Kind::upsert) {
      bind(s, 3, b.profile);
      bind(s, 4, b.call_id);
      sqlite3_bind_int64(s, 5, b.cseq);
      sqlite3_bind_int64(s, 6, to_epoch(b.expires_at));
      bind(s, 7, b.received_ip);
      sqlite3_bind_int(s, 8, b.received_port);
      bind(s, 9, b.transport);
      bind(s, 10, b.user_agent);
    }
    ok = sqlite3_step(s) == SQLITE_DONE;
  }
  sqlite3_finalize(upsert);
  sqlite3_finalize(del);
  ok = ok && sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr) == SQLITE_OK;
  if (!ok) sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr);
  return ok;
}

}  // namespace ctib::registrar
