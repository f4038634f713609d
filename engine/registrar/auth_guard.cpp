// AuthGuard: counting failed digest answers and the bans they lead to.

#include "engine/registrar/auth_guard.hpp"

#include <algorithm>

namespace ctib::registrar {

namespace {

// A repeat offender's ban doubles up to this many times `ban` (8 × 600 s =
// 80 min by default): long enough to make guessing pointless, short enough
// that a misconfigured phone behind a shared address recovers the same day.
constexpr unsigned kMaxDoublings = 3;

}  // namespace

AuthGuard::AuthGuard(Options options, spdlog::logger& log, Clock clock)
    : options_(options), log_(log), clock_(std::move(clock)) {}

TimePoint AuthGuard::keep_until(const Entry& e) const {
  // The window's count, the ban, the offence memory for the doubling and, for
  // a source, the "failed recently" mark a user ban looks at.
  return std::max(
      {e.window_start + options_.window, e.banned_until + options_.ban, e.last_failure + options_.ban});
}

void AuthGuard::notice_end(const Table& table, Entry& e, TimePoint now) {
  if (e.ban_logged && e.banned_until <= now) {
    e.ban_logged = false;
    log_.info("authentication ban of {} {} ended", table.kind, e.key);
  }
}

void AuthGuard::sweep(Table& table, TimePoint now) {
  // Only the least recently seen end: cheap per request, and the bound on
  // the table holds whatever is left.
  while (!table.lru.empty() && keep_until(table.lru.back()) <= now) {
    notice_end(table, table.lru.back(), now);
    table.index.erase(table.lru.back().key);
    table.lru.pop_back();
  }
}

AuthGuard::Entry* AuthGuard::find(Table& table, std::string_view key, TimePoint now) {
  auto it = table.index.find(key);
  if (it == table.index.end()) return nullptr;
  table.lru.splice(table.lru.begin(), table.lru, it->second);
  notice_end(table, *it->second, now);
  return &*it->second;
}

AuthGuard::Entry& AuthGuard::touch(Table& table, std::string_view key, TimePoint now) {
  if (Entry* e = find(table, key, now)) return *e;
  if (table.size() >= options_.max_entries) {
    Entry& oldest = table.lru.back();
    if (oldest.ban_logged)
      log_.info("authentication ban of {} {} dropped: table full", table.kind, oldest.key);
    table.index.erase(oldest.key);
    table.lru.pop_back();
  }
  table.lru.push_front(Entry{std::string(key), 0, now, {}, {}, 0, false});
  table.index.emplace(table.lru.front().key, table.lru.begin());
  return table.lru.front();
}

void AuthGuard::count(Table& table, Entry& e, TimePoint now) {
  if (now - e.window_start >= options_.window) {
    e.window_start = now;
    e.failures = 0;
  }
  e.last_failure = now;
  if (++e.failures < options_.max_failures || e.banned_until > now) return;
  // A new ban: a repeat offence (within `ban` of the last one ending) doubles it.
  e.offences = (e.offences > 0 && now < e.banned_until + options_.ban) ? e.offences + 1 : 1;
  e.banned_until = now + options_.ban * (1U << std::min(e.offences - 1, kMaxDoublings));
  e.failures = 0;
  e.ban_logged = true;
  ++bans_;
  log_.warn("authentication banned {} {} for {} s after {} failed digest answers in {} s", table.kind, e.key,
            std::chrono::duration_cast<std::chrono::seconds>(e.banned_until - now).count(),
            options_.max_failures, options_.window.count());
}

void AuthGuard::failed(std::string_view source, std::string_view user) {
  if (!enabled()) return;
  const TimePoint now = clock_();
  sweep(sources_, now);
  sweep(users_, now);
  ++failures_;
  count(sources_, touch(sources_, source, now), now);
  if (!user.empty()) count(users_, touch(users_, user, now), now);
}

bool AuthGuard::refused(std::string_view source, std::string_view user) {
  if (!enabled()) return false;
  const TimePoint now = clock_();
  sweep(sources_, now);
  sweep(users_, now);
  const Entry* s = find(sources_, source, now);
  bool refuse = s != nullptr && s->banned_until > now;
  if (!refuse && s != nullptr && !user.empty()) {
    // A banned user is refused only from sources that failed recently.
    const Entry* u = find(users_, user, now);
    refuse = u != nullptr && u->banned_until > now && s->last_failure + options_.ban > now;
  }
  if (refuse) ++refusals_;
  return refuse;
}

std::size_t AuthGuard::banned_now() const {
  const TimePoint now = clock_();
  auto banned = [now](const Entry& e) { return e.banned_until > now; };
  return static_cast<std::size_t>(std::count_if(sources_.lru.begin(), sources_.lru.end(), banned) +
                                  std::count_if(users_.lru.begin(), users_.lru.end(), banned));
}

}  // namespace ctib::registrar
