#include "engine/edge/pike.hpp"

#include <algorithm>

namespace ctib::edge {

Pike::Verdict Pike::check(std::string_view source, Clock::time_point now) {
  if (!enabled()) return Verdict::pass;
  auto it = index_.find(source);
  if (it == index_.end()) {
    if (index_.size() >= options_.max_sources) {
      const Bucket& oldest = lru_.back();
      index_.erase(oldest.source);
      lru_.pop_back();
    }
    lru_.push_front(Bucket{std::string(source), options_.burst, now, {}});
    it = index_.emplace(lru_.front().source, lru_.begin()).first;
  } else if (it->second != lru_.begin()) {
    lru_.splice(lru_.begin(), lru_, it->second);  // iterators stay valid
  }
  Bucket& b = *it->second;
  if (b.banned_until > now) {
    ++refused_;
    return Verdict::banned;
  }
  const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
  b.tokens = std::min(options_.burst, b.tokens + elapsed * options_.rate);
  b.refilled = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return Verdict::pass;
  }
  // The ban ends with a full bucket: a source that slows down is welcome back.
  b.banned_until = now + options_.ban;
  b.tokens = options_.burst;
  b.refilled = b.banned_until;
  ++refused_;
  if (on_ban_) on_ban_();
  return Verdict::cut;
}

std::vector<std::string> Pike::banned(Clock::time_point now) const {
  std::vector<std::string> out;
  for (const Bucket& b : lru_) {
    if (b.banned_until > now) out.push_back(b.source);
  }
  return out;
}

}  // namespace ctib::edge
