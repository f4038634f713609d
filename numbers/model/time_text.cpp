#include "numbers/model/time_text.hpp"

#include <charconv>
#include <cstdio>

namespace ctib::numbers::model {

namespace {

// Reads exactly `width` digits at `pos`.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t width) noexcept {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

bool expect(std::string_view s, std::size_t pos, char c) noexcept { return pos < s.size() && s[pos] == c; }

// "Z", "+hh:mm" or "-hh:mm" at pos: offset in seconds east of UTC.
std::optional<long> zone(std::string_view s, std::size_t pos) noexcept {
  if (pos >= s.size()) return std::nullopt;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return 0L;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const auto hh = digits(s, pos + 1, 2);
  const auto mm = digits(s, pos + 4, 2);
  if (!hh || !mm || !expect(s, pos + 3, ':') || pos + 6 != s.size() || *hh > 23 || *mm > 59) return std::nullopt;
  const long offset = (*hh * 3600L) + (*mm * 60L);
  return s[pos] == '+' ? offset : -offset;
}

}  // namespace

std::string format_time(Instant t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(t - day);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buffer;
}

std::optional<Instant> parse_time(std::string_view s) noexcept {
  const auto year = digits(s, 0, 4);
  const auto month = digits(s, 5, 2);
  const auto day = digits(s, 8, 2);
  const auto hour = digits(s, 11, 2);
  const auto minute = digits(s, 14, 2);
  const auto second = digits(s, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (!expect(s, 4, '-') || !expect(s, 7, '-') || !(expect(s, 10, 'T') || expect(s, 10, 't')) ||
      !expect(s, 13, ':') || !expect(s, 16, ':')) {
    return std::nullopt;
  }
  if (*hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  std::size_t pos = 19;
  if (expect(s, pos, '.')) {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  const auto offset = zone(s, pos);
  if (!offset) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                        std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok()) return std::nullopt;
  const auto base = std::chrono::sys_days(ymd) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
                    std::chrono::seconds(*second);
  return Instant(base - std::chrono::seconds(*offset));
}

}  // namespace ctib::numbers::model
