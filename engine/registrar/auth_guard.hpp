#pragma once
// Brute-force protection for digest authentication (docs/security.md,
// "Password guessing"). Failed digest answers (wrong password, unknown
// user) are counted per source address and, for a wrong password, per user
// (user@domain) in a fixed window of `window`. The `max_failures`-th failure
// in a window bans:
//  - the source: every REGISTER and auth-calls INVITE from it is answered
//    403 without a challenge, even with the right password, so a guesser
//    learns nothing and gets no nonce to try;
//  - the user: requests for it are refused from every source that failed
//    authentication in the last `ban` (the address spray of a distributed
//    guesser), while a source with a clean record still gets its challenge,
//    so the real phone is not locked out by someone else's guessing.
// A ban lasts `ban`, doubled for each repeat offence that starts within
// `ban` of the previous one ending, at most 8 times `ban`; it expires by
// itself. Each ban start is logged once (warn) and each end once (info) when
// the next request or the sweep notices it; single failures are not logged here.
//
// The tables are bounded (`max_entries` each, least recently seen evicted
// first) and entries are dropped once nothing about them matters any more,
// so an address spray costs memory once. Trusted sources (apply-inbound-acl)
// are exempt: the Registrar does not call the guard for them.
//
// Ownership: the Registrar. Threading: loop thread only.

#include <spdlog/logger.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/registrar/clock.hpp"

namespace ctib::registrar {

class AuthGuard {
 public:
  struct Options {
    unsigned max_failures = 5;  // 0: off (nothing counted, nothing refused)
    std::chrono::seconds window{60};
    std::chrono::seconds ban{600};
    std::size_t max_entries = 65536;  // per table
  };

  AuthGuard(Options options, spdlog::logger& log, Clock clock);

  [[nodiscard]] bool enabled() const noexcept { return options_.max_failures > 0; }

  // Whether a request from `source` for `user` ("" when not known yet: an
  // INVITE without credentials) must be refused 403 without a challenge.
  bool refused(std::string_view source, std::string_view user);
  // A digest answer from `source` failed; `user` is "" for an unknown user
  // (counted against the source only: a made-up name must not fill the table).
  void failed(std::string_view source, std::string_view user);

  // For metrics: failed digest answers counted, bans started (source and
  // user), requests refused because of a ban, bans in force now.
  [[nodiscard]] std::uint64_t failures() const noexcept { return failures_; }
  [[nodiscard]] std::uint64_t bans() const noexcept { return bans_; }
  [[nodiscard]] std::uint64_t refusals() const noexcept { return refusals_; }
  [[nodiscard]] std::size_t banned_now() const;
  // Entries held (sources + users), to show the bound holds.
  [[nodiscard]] std::size_t entries() const noexcept { return sources_.size() + users_.size(); }

 private:
  struct Entry {
    std::string key;
    unsigned failures = 0;  // in the window starting at window_start
    TimePoint window_start;
    TimePoint last_failure;
    TimePoint banned_until;
    unsigned offences = 0;    // bans in a row, for the doubling
    bool ban_logged = false;  // a ban start was logged and its end not yet
  };
  // Least recently seen last; the index's keys view the entries' strings.
  struct Table {
    const char* kind;  // "source" / "user", for the log lines
    std::list<Entry> lru;
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index;
    [[nodiscard]] std::size_t size() const noexcept { return index.size(); }
  };

  Entry* find(Table& table, std::string_view key, TimePoint now);
  Entry& touch(Table& table, std::string_view key, TimePoint now);
  void count(Table& table, Entry& e, TimePoint now);
  void notice_end(const Table& table, Entry& e, TimePoint now);
  void sweep(Table& table, TimePoint now);
  [[nodiscard]] TimePoint keep_until(const Entry& e) const;

  Options options_;
  spdlog::logger& log_;
  Clock clock_;
  Table sources_{"source", {}, {}};
  Table users_{"user", {}, {}};
  std::uint64_t failures_ = 0;
  std::uint64_t bans_ = 0;
  std::uint64_t refusals_ = 0;
};

}  // namespace ctib::registrar
