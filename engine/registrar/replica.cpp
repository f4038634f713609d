#include "engine/registrar/replica.hpp"

#include <chrono>
#include <cstdint>
#include <cstring>

namespace ctib::registrar {

namespace {

// At most this many changes in one message (a REGISTER changes at most
// max-registrations-per-user contacts): a bound on what decode allocates.
constexpr std::uint32_t kMaxChanges = 1024;
// Expiry times are milliseconds since the epoch; beyond this (year 2255)
// they would not fit the clock's nanoseconds: refused, not wrapped.
constexpr std::int64_t kMaxExpiresMs = 9'000'000'000'000;

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}

void put_string(std::string& out, const std::string& s) {
  put<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
  out += s;
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  bool get(T& value) {
    if (bytes_.size() < sizeof value) return false;
    std::memcpy(&value, bytes_.data(), sizeof value);
    bytes_.remove_prefix(sizeof value);
    return true;
  }

  bool get_string(std::string& s) {
    std::uint32_t n = 0;
    if (!get(n) || bytes_.size() < n) return false;
    s.assign(bytes_.data(), n);
    bytes_.remove_prefix(n);
    return true;
  }

  [[nodiscard]] bool done() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

}  // namespace

std::string encode_changes(const std::vector<Change>& changes) {
  std::string out;
  put<std::uint32_t>(out, static_cast<std::uint32_t>(changes.size()));
  for (const Change& c : changes) {
    const Binding& b = c.binding;
    put<std::uint8_t>(out, c.kind == Change::Kind::upsert ? 1 : 0);
    for (const std::string* s : {&b.aor, &b.contact, &b.profile, &b.call_id, &b.received_ip, &b.transport,
                                 &b.user_agent}) {
      put_string(out, *s);
    }
    put<std::uint32_t>(out, b.cseq);
    put<std::int64_t>(out, std::chrono::duration_cast<std::chrono::milliseconds>(b.expires_at.time_since_epoch())
                               .count());
    put<std::uint16_t>(out, b.received_port);
  }
  return out;
}

std::optional<std::vector<Change>> decode_changes(std::string_view bytes) {
  Reader r(bytes);
  std::uint32_t count = 0;
  if (!r.get(count) || count > kMaxChanges) return std::nullopt;
  std::vector<Change> changes;
  changes.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    Change c{Change::Kind::remove, {}};
    Binding& b = c.binding;
    std::uint8_t kind = 0;
    std::int64_t expires_ms = 0;
    if (!r.get(kind) || kind > 1) return std::nullopt;
    c.kind = kind == 1 ? Change::Kind::upsert : Change::Kind::remove;
    for (std::string* s : {&b.aor, &b.contact, &b.profile, &b.call_id, &b.received_ip, &b.transport,
                           &b.user_agent}) {
      if (!r.get_string(*s)) return std::nullopt;
    }
    if (!r.get(b.cseq) || !r.get(expires_ms) || !r.get(b.received_port)) return std::nullopt;
    if (expires_ms < 0 || expires_ms > kMaxExpiresMs) return std::nullopt;
    b.expires_at = TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(expires_ms)));
    changes.push_back(std::move(c));
  }
  if (!r.done()) return std::nullopt;
  return changes;
}

}  // namespace ctib::registrar
