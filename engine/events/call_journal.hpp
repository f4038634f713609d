#pragma once
// The call journal: an append-only file in the spool directory
// (`calls.journal`) recording, per call, what a hangup notification after a
// crash needs. Decision and trade-offs: docs/decisions/0006-call-journal.md.
//
// JournalState folds records into what they prove: the calls still up, the
// ended calls whose hangup is not yet delivered, and the last moment the
// engine was alive. The writer keeps one to compact the file; recovery reads
// one from the file at start.
//
// CallJournal is the open file. Threading: not thread-safe; the Spool's
// writer thread owns it (and the Spool constructor, before that thread
// starts). Every append is one write() and at most one fdatasync().

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/events/journal_record.hpp"

namespace ctib::events {

class JournalState {
 public:
  struct Call {
    std::optional<JournalRecord> start;
    std::optional<JournalRecord> answer;
    std::optional<JournalRecord> end;  // set: the call is over, its hangup not yet delivered
  };

  void apply(const JournalRecord& record);
  // The hangup is safe elsewhere (a spool file): the journal need not keep it.
  void settle(const std::string& uuid);

  [[nodiscard]] const std::map<std::string, Call>& calls() const noexcept { return calls_; }
  [[nodiscard]] bool any_up() const noexcept { return up_ > 0; }  // a call started and not ended
  // The latest `at_us` of any record applied: the last moment the journal
  // proves the engine alive.
  [[nodiscard]] std::int64_t last_alive_us() const noexcept { return last_alive_us_; }
  // Records that rebuild this state, for a compacted file.
  [[nodiscard]] std::vector<JournalRecord> snapshot() const;

 private:
  // Keeps up_ right around a change to one call.
  template <typename Change>
  void change(const std::string& uuid, Change&& f);

  std::map<std::string, Call> calls_;
  std::size_t up_ = 0;  // calls with a start and no end
  std::int64_t last_alive_us_ = 0;
};

struct JournalRead {
  JournalState state;
  // "line N: ..." for every record skipped (a torn tail after a crash, or
  // damage); the rest of the file is still read.
  std::vector<std::string> skipped;
};

// Reads a journal file; a missing file is an empty journal.
JournalRead read_journal(const std::filesystem::path& path);

class CallJournal {
 public:
  // Opens (creates) `path` for appending. Throws std::system_error when it
  // cannot (startup only).
  explicit CallJournal(std::filesystem::path path);
  ~CallJournal();
  CallJournal(const CallJournal&) = delete;
  CallJournal& operator=(const CallJournal&) = delete;

  // One write(), and one fdatasync() when `sync`. False, with errno's text
  // in `error`, when either fails (disk full, I/O error).
  bool append(std::string_view bytes, bool sync, std::string& error);
  // Replaces the file with `records` (written to `<path>.tmp`, synced,
  // renamed over it, directory synced): a crash leaves either file whole.
  bool rewrite(const std::vector<JournalRecord>& records, std::string& error);
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// The hangup notifications a journal left by a previous run calls for: each
// ended call's own, and for each call still up a hangup_cause=CRASH one whose
// end is the last moment the journal proves the engine alive. Pure: the same
// journal always gives the same notifications, so a restart during recovery
// sends nothing with other values.
std::vector<SpooledNotification> recover_hangups(const JournalState& state);

}  // namespace ctib::events
