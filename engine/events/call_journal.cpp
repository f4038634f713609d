#include "engine/events/call_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace ctib::events {

namespace fs = std::filesystem;

namespace {

// Writes all of `bytes` (write() may write less than asked).
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// A rename is durable only once its directory is.
void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

JournalRead read_journal(const fs::path& path) {
  JournalRead out;
  std::ifstream in(path, std::ios::binary);
  if (!in) return out;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    // getline() at end of file without '\n': the last write was torn.
    if (in.eof()) {
      out.skipped.push_back("line " + std::to_string(number) + ": torn record (no end of line), skipped");
      break;
    }
    auto record = parse_record(line);
    if (!record) {
      out.skipped.push_back("line " + std::to_string(number) + ": damaged record, skipped");
      continue;
    }
    out.state.apply(*record);
  }
  return out;
}

CallJournal::CallJournal(fs::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "call journal " + path_.string());
  const off_t end = ::lseek(fd_, 0, SEEK_END);
  size_ = end > 0 ? static_cast<std::uint64_t>(end) : 0;
}

CallJournal::~CallJournal() {
  if (fd_ >= 0) ::close(fd_);
}

bool CallJournal::append(std::string_view bytes, bool sync, std::string& error) {
  if (!write_all(fd_, bytes) || (sync && ::fdatasync(fd_) != 0)) {
    error = std::strerror(errno);
    // What was written before a short write stays; the reader skips a torn
    // tail, and the size is read again so compaction still triggers.
    const off_t end = ::lseek(fd_, 0, SEEK_END);
    size_ = end > 0 ? static_cast<std::uint64_t>(end) : size_;
    return false;
  }
  size_ += bytes.size();
  return true;
}

bool CallJournal::rewrite(const std::vector<JournalRecord>& records, std::string& error) {
  std::string text;
  for (const auto& r : records) text += encode_record(r);
  const fs::path tmp = fs::path(path_).concat(".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  if (!write_all(fd, text) || ::fdatasync(fd) != 0 || ::rename(tmp.c_str(), path_.c_str()) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    ::unlink(tmp.c_str());
    return false;
  }
  sync_dir(path_.parent_path().empty() ? fs::path(".") : path_.parent_path());
  ::close(fd_);
  fd_ = fd;  // opened O_APPEND: the renamed file is the journal now
  size_ = text.size();
  return true;
}

}  // namespace ctib::events
