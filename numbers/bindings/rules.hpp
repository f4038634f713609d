#pragma once
// The binding rules that do not need the database: what a valid bind or
// update is, and where a call to X goes (AXB: A↔B; AXN: N→A, A→default B;
// AXYB: A→Y reaches B, B→X reaches A), always showing a middle number of
// the binding to the called party.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "numbers/model/failure.hpp"
#include "numbers/model/route.hpp"
#include "numbers/model/types.hpp"

namespace ctib::numbers::bindings {

// A binding must outlive its creation by at least this much (the platforms'
// rule, so a binding is never born expired or expiring mid-setup).
inline constexpr std::chrono::seconds kMinLifetime{60};

// A bind request with numbers already normalised (canonical E.164).
struct BindRequest {
  model::Mode mode = model::Mode::axb;
  std::string a;
  std::string b;                   // AXB: required; AXN: default B, optional
  std::string x;                   // "" = pick from the pool
  std::string y;                   // AXYB only; "" = pick from the pool
  std::string group_id;            // AXG only, required
  std::string extension;           // AXE only; "" = allocate one at random
  std::vector<std::string> areas;  // when picking: area code, then fallbacks
  model::Instant expires_at{};
  std::string out_id;
  std::string user_data;
  bool record = false;
  model::Restriction restriction = model::Restriction::none;
  std::int64_t max_duration = 0;
  std::string callback_url;  // checked at the edge (push::check_callback_url); "" = the service's
  std::string tenant{model::kDefaultTenant};  // the caller's key's: X, Y and the group must be its own
};

struct UpdateRequest {
  std::optional<std::string> b;  // canonical; "" clears the AXN default B
  std::optional<model::Instant> expires_at;
  std::optional<model::Restriction> restriction;
  // "" clears it (the service's URLs again). The initializer keeps
  // aggregate initialisations without it free of missing-initializer warnings.
  std::optional<std::string> callback_url = std::nullopt;
};

std::optional<model::Failure> validate(const BindRequest& r, model::Instant now);
std::optional<model::Failure> validate(const model::Binding& current, const UpdateRequest& r, model::Instant now);

// AXE extensions: 1 to kMaxExtensionLength decimal digits, a fixed length
// per X (decision 0026).
inline constexpr std::size_t kMaxExtensionLength = 8;
bool valid_extension(std::string_view digits) noexcept;

// The same pair asked for again: a retry of a bind with the same out_id.
bool same_pair(const model::Binding& existing, const BindRequest& r);

// Where a call from `caller` to `x` (the number dialled) goes, given the
// bindings live on it now (from the routing query) and its gateway. Never
// shows a real number: every Dial it returns shows the binding's X or, for
// AXYB, its Y (shows_middle_number). When the number shown is not the one
// dialled (AXYB), the Dial's gateway is the dialled number's and the caller
// replaces it with the shown number's (CallRouter).

// Whether `shown` is a middle number of `b` (its X, or its Y), never a party.
bool shows_middle_number(const model::Binding& b, std::string_view shown);

// `caller_is_member`: the caller is in the group of the AXG binding among
// them (CallRouter asks only when there is one and the caller is not A).
// An AXE binding among them (whoever calls) answers with a CollectExtension
// of its extension's length: the caller must enter an extension first.
model::RouteDecision decide(const std::vector<model::Binding>& live_on_x, std::string_view caller,
                            std::string_view x, std::string_view gateway, bool caller_is_member = false);

// AXE, once the caller entered `extension` on X: `reached` is the live AXE
// binding on X with that extension (nullopt: none). Dials its A showing X;
// otherwise a CollectExtension of `length` (X's extension length) with the
// reason, which the API turns into another prompt or, when the retries are
// spent, into the refusal.
model::RouteDecision decide_extension(const std::optional<model::Binding>& reached, std::string_view caller,
                                      std::string_view x, std::string_view gateway, std::string_view extension,
                                      std::size_t length);

}  // namespace ctib::numbers::bindings
