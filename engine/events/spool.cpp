#include "engine/events/spool.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

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

nlohmann::json to_json(const SpooledNotification& n) {
  return {{"id", n.id},
          {"method", std::string(routing::name(n.request.method))},
          {"url", n.request.url},
          {"body", n.request.body},
          {"content_type", n.request.content_type},
          {"key_id", n.request.key_id},
          {"connect_timeout_ms", n.connect_timeout.count()},
          {"total_timeout_ms", n.total_timeout.count()}};
}

bool from_json(const std::string& text, SpooledNotification& n) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  auto str = [&](const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  auto ms = [&](const char* key, std::chrono::milliseconds& out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return false;
    out = std::chrono::milliseconds(it->get<long long>());
    return true;
  };
  std::string method;
  if (!str("id", n.id) || !str("method", method) || !str("url", n.request.url) || !str("body", n.request.body) ||
      !str("content_type", n.request.content_type) || !ms("connect_timeout_ms", n.connect_timeout) ||
      !ms("total_timeout_ms", n.total_timeout)) {
    return false;
  }
  // Only the key's id is spooled, never its secret; files written before
  // signing existed have none (unsigned).
  if (auto it = j.find("key_id"); it != j.end() && it->is_string()) n.request.key_id = it->get<std::string>();
  if (method == "GET") {
    n.request.method = routing::HttpMethod::Get;
  } else if (method == "POST") {
    n.request.method = routing::HttpMethod::Post;
  } else {
    return false;
  }
  return !n.id.empty() && !n.request.url.empty();
}

}  // namespace

Spool::Spool(fs::path dir, std::chrono::milliseconds write_delay)
    : dir_(std::move(dir)), write_delay_(write_delay) {
  fs::create_directories(dir_);
  writer_ = std::thread([this] { writer_main(); });
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
    if (in && from_json(text.str(), n)) {
      out.push_back(std::move(n));
    } else {
      fs::rename(p, fs::path(p).concat(".bad"), ec);
      on_bad(p.string());
    }
  }
  return out;
}

void Spool::store(SpooledNotification n) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(Job{true, std::move(n)});
  }
  wake_.notify_one();
}

void Spool::remove(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(Job{false, SpooledNotification{id, {}, {}, {}}});
  }
  wake_.notify_one();
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
      return stopping_ || !jobs_.empty() || flushes_wanted_ > flushes_done_ ||
             (next_due_ && Clock::now() >= *next_due_);
    };
    if (next_due_) {
      wake_.wait_until(lock, *next_due_, ready);
    } else {
      wake_.wait(lock, ready);
    }
    std::deque<Job> batch;
    batch.swap(jobs_);
    const std::uint64_t wanted = flushes_wanted_;
    const bool flush = wanted > flushes_done_;
    const bool stopping = stopping_;
    lock.unlock();
    apply(batch, stopping || flush);
    lock.lock();
    next_due_ = due_.empty() ? std::nullopt : std::optional(due_.front().first);
    if (flush && jobs_.empty() && delayed_.empty()) {
      flushes_done_ = wanted;
      idle_.notify_all();
    }
    if (stopping && jobs_.empty() && delayed_.empty()) return;
  }
}

void Spool::apply(std::deque<Job>& batch, bool all) {
  const auto now = Clock::now();
  for (Job& job : batch) {
    if (job.store) {
      const std::string id = job.n.id;
      delayed_.insert_or_assign(id, Delayed{std::move(job.n), now + write_delay_});
      due_.emplace_back(now + write_delay_, id);
    } else if (delayed_.erase(job.n.id) == 0) {
      remove_file(job.n.id);  // written already (or by an earlier run)
    }
  }
  // A flush writes everything waiting; `all` is true only while one is asked
  // for (or at stop), so a later batch waits its delay again.
  while (!due_.empty() && (all || due_.front().first <= now)) {
    auto [due, id] = std::move(due_.front());
    due_.pop_front();
    auto it = delayed_.find(id);
    if (it == delayed_.end() || it->second.due != due) continue;  // delivered, or stored again later
    write_file(it->second.n);
    delayed_.erase(it);
  }
}

void Spool::write_file(const SpooledNotification& n) {
  fs::path final_path = path_for(n.id);
  fs::path tmp = fs::path(final_path).concat(".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << to_json(n).dump();
    if (!out) return;  // disk full: the notification is still retried from memory
  }
  std::error_code ec;
  fs::rename(tmp, final_path, ec);
}

void Spool::remove_file(const std::string& id) {
  std::error_code ec;
  fs::remove(path_for(id), ec);
}

}  // namespace ctib::events
