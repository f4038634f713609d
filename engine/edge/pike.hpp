#pragma once
// Per-source request rate limit in the spirit of Kamailio's `pike` module:
// every source address has a token bucket (`rate` tokens per second, at
// most `burst`); a request that finds the bucket empty bans the source for
// `ban`. While banned, the source's requests are refused at once and the
// SocketGuard has the kernel drop its packets before sofia-sip reads them,
// so a flood costs the engine a burst of transactions, not one per packet.
//
// The table is bounded (`max_sources`, least recently seen evicted first),
// so a spoofed-source flood costs memory once, not per address forever.
// Trusted sources (ACL'd trunks, gateways) are never checked: the caller
// does not call check() for them.
//
// Threading: loop thread only. Ownership: the composition root.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ctib::edge {

class Pike {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    double rate = 30;   // tokens per second; 0: off (every request passes)
    double burst = 60;  // bucket size
    std::chrono::seconds ban{60};
    std::size_t max_sources = 65536;
  };
  enum class Verdict : std::uint8_t {
    pass,    // within its rate
    cut,     // this request emptied the bucket: banned from now on
    banned,  // already banned
  };

  explicit Pike(Options options) : options_(options) {}

  [[nodiscard]] bool enabled() const noexcept { return options_.rate > 0; }
  // Called (from check()) whenever a source is cut: the SocketGuard updates
  // the kernel filters at once instead of at its next scan.
  void on_ban(std::function<void()> callback) { on_ban_ = std::move(callback); }
  // Takes one token from `source`'s bucket.
  Verdict check(std::string_view source, Clock::time_point now);
  // Sources banned at `now` (for the kernel filter), most recently seen first.
  [[nodiscard]] std::vector<std::string> banned(Clock::time_point now) const;
  [[nodiscard]] std::uint64_t refused() const noexcept { return refused_; }
  [[nodiscard]] std::size_t sources() const noexcept { return index_.size(); }

 private:
  struct Bucket {
    std::string source;
    double tokens = 0;
    Clock::time_point refilled;
    Clock::time_point banned_until;
  };
  Options options_;
  std::function<void()> on_ban_;
  std::list<Bucket> lru_;  // most recently seen first
  std::unordered_map<std::string_view, std::list<Bucket>::iterator> index_;  // keys view lru_'s strings
  std::uint64_t refused_ = 0;
};

}  // namespace ctib::edge
