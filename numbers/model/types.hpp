#pragma once
// The domain of the numbers service: middle numbers in the pool, bindings
// through them, and call records. Plain values; the rules live in pool/,
// bindings/ and records/, persistence in storage/.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "numbers/model/clock.hpp"

namespace ctib::numbers::model {

// ---- tenants ----------------------------------------------------------------
// Several customers share one service (decision 0016): every number, binding,
// group, call record and pushed item belongs to one tenant, named by the API
// key that created it. Keys configured without a tenant, and every row made
// before tenants existed, belong to this one.
inline constexpr std::string_view kDefaultTenant = "default";

// A tenant's name: 1-64 characters of A-Z a-z 0-9 . _ - (a bounded,
// log-safe label, as key ids are).
constexpr bool valid_tenant(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Whose rows a request may see: its key's tenant, or every tenant for an
// operator key (all_tenants). A row of another tenant is answered exactly as
// a missing one (404), so ids do not leak across tenants.
struct Scope {
  std::string tenant{kDefaultTenant};
  bool all_tenants = false;

  [[nodiscard]] bool sees(std::string_view row_tenant) const noexcept {
    return all_tenants || row_tenant == tenant;
  }
  // The tenant a listing filters on; "" = every tenant.
  [[nodiscard]] std::string filter() const { return all_tenants ? std::string() : tenant; }
};

// ---- pool -----------------------------------------------------------------

// Administrative state of a middle number. Whether it is "free" or "in use"
// is not stored: it follows from its live pairs (NumberUsage).
enum class NumberState { available, quarantined, retired };

struct MiddleNumber {
  std::string number;     // canonical E.164, "+8617100000001"
  std::string gateway;    // the trunk its calls leave through
  std::string area_code;  // e.g. "010", "0755"
  NumberState state = NumberState::available;
  Instant created_at{};
  Instant updated_at{};
  // The text the import was given ("01095013001"): what a gateway with
  // dial format "as-imported" shows. "" when imported before it was kept.
  std::string imported_as;
  std::string tenant{kDefaultTenant};  // whose pool it is in (Alibaba's PoolKey)
};

// A number with its live load at a given instant.
struct NumberUsage {
  MiddleNumber number;
  std::int64_t live_pairs = 0;
  bool exclusive = false;  // a live AXN binding owns it
  // Live AXE bindings on it: an X that serves extensions serves nothing
  // else (its callers are routed by the digits they enter, not by who they are).
  std::int64_t axe_pairs = 0;
};

// ---- bindings -------------------------------------------------------------

// AXYB: A sees B as Y, B sees A as X (two middle numbers, one binding).
// AXG: AXN where only the members of a group may reach A.
// AXE: many A share one X, each behind an extension E the caller enters
// after dialling X (decision 0026).
enum class Mode { axb, axn, axyb, axg, axe };

// AXN and AXG own their X: every caller on X is routed by the one binding.
constexpr bool owns_x(Mode m) noexcept { return m == Mode::axn || m == Mode::axg; }

// Which direction of calling X is barred. For AXN, "b" means any N.
enum class Restriction { none, a_to_x_barred, b_to_x_barred };

enum class BindingState { active, released, expired };

struct Binding {
  std::string id;
  Mode mode = Mode::axb;
  std::string a;
  std::string b;  // AXB: the peer; AXN: the default B ("" when none)
  std::string x;
  std::string y;  // AXYB: the number A dials to reach B and sees B calling from; "" otherwise
  std::string group_id;  // AXG: the group whose members may reach A; "" otherwise
  std::string extension;  // AXE: the digits that reach A through X; "" otherwise
  Instant expires_at{};
  std::string out_id;     // the customer's reference, "" when none
  std::string user_data;  // echoed in call records
  bool record = false;
  Restriction restriction = Restriction::none;
  std::int64_t max_duration = 0;  // seconds per call, 0 = no limit
  BindingState state = BindingState::active;
  Instant created_at{};
  Instant updated_at{};
  std::optional<Instant> released_at;  // set by unbind (and by the sweep, = expires_at)
  // Where this binding's call events and records are pushed instead of the
  // service's [push] urls (Huawei's statusUrl); "" = the service's.
  std::string callback_url;
  std::string tenant{kDefaultTenant};  // the tenant of its X (the key that bound it)

  // Routes calls at `now`: active and not yet expired. Expiry is exclusive:
  // at the expiry instant the binding no longer routes.
  [[nodiscard]] bool live_at(Instant now) const noexcept {
    return state == BindingState::active && now < expires_at;
  }
};

// An AXG group: the numbers that may reach A through an AXG binding.
struct NumberGroup {
  std::string id;
  std::string name;
  std::vector<std::string> members;  // canonical E.164, in order
  Instant created_at{};
  Instant updated_at{};
  std::string tenant{kDefaultTenant};
  std::int64_t member_count = 0;  // members.size(), or the count alone in a listing
};

// ---- call records ---------------------------------------------------------

enum class Direction { a_to_peer, peer_to_a, intercepted };

// Who ended the call: the calling party, the called party, or the platform
// (routing refusal, timeouts, the engine).
enum class ReleaseSide { caller, callee, platform };

// Notifications seen for a record, as bits of CallRecord::seen.
enum class Event : unsigned { request = 1, ring = 2, progress = 4, answer = 8, hangup = 16 };

struct CallRecord {
  std::string uuid;
  std::string binding_id;
  std::string out_id;
  std::string user_data;
  std::string a;
  std::string x;
  std::string peer;    // B, or N for AXN
  std::string caller;  // the number that called X, as normalised
  std::string callee;  // the number dialled out, "" when intercepted
  std::optional<Direction> direction;
  bool record = false;
  std::optional<Instant> call_time;
  std::optional<Instant> ring_time;
  std::optional<Instant> progress_time;
  std::optional<Instant> answer_time;
  std::optional<Instant> release_time;
  std::optional<std::int64_t> duration;
  std::optional<std::int64_t> billsec;
  std::optional<ReleaseSide> release_side;
  std::string cause_name;
  std::optional<int> cause_q850;
  std::optional<int> sip_status;
  // The recording's file name in the service's recordings_dir (from the
  // engine's record_file), or another reference the engine reported; ""
  // when none. recording_ms: its length (record_ms), when reported.
  std::string recording;
  std::optional<std::int64_t> recording_ms;
  std::string extension;  // AXE: the extension the caller reached ("" otherwise)
  unsigned seen = 0;      // Event bits merged so far
  Instant updated_at{};
  // The binding's tenant, or X's when no binding routed the call (written
  // with the routing decision); the default tenant until then.
  std::string tenant{kDefaultTenant};
  // A blind transfer the service routed (decision 0027): the number it
  // went to as dialled (a middle number, canonical), "" when none; and when.
  std::string transferred_to;
  std::optional<Instant> transfer_time;

  [[nodiscard]] bool has_seen(Event e) const noexcept { return (seen & static_cast<unsigned>(e)) != 0; }
};

// ---- queries ---------------------------------------------------------------

struct PageRequest {
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

}  // namespace ctib::numbers::model
