#include "numbers/bindings/rules.hpp"

#include <cassert>

#include "numbers/model/names.hpp"

namespace ctib::numbers::bindings {

namespace {

using model::Direction;
using model::Mode;
using model::Restriction;

std::optional<model::Failure> check_expiry(model::Instant expires_at, model::Instant now) {
  if (expires_at < now + kMinLifetime) {
    return model::invalid("expiration", "must be at least 60 seconds in the future");
  }
  return std::nullopt;
}

model::RouteDecision refuse(std::string reason, const model::Binding* binding = nullptr) {
  model::RouteDecision d;
  d.reason = std::move(reason);
  if (binding) d.binding = *binding;
  return d;
}

// `shown`: the middle number the called party sees (X, or an AXYB's Y).
model::RouteDecision dial(const model::Binding& b, std::string callee, std::string_view shown,
                          std::string_view gateway, Direction direction, std::string peer) {
  model::RouteDecision d;
  d.dial = model::Dial{std::string(gateway), std::move(callee), std::string(shown), b.record, b.max_duration, ""};
  d.binding = b;
  d.direction = direction;
  d.peer = std::move(peer);
  // The one hard rule: the called party is shown a middle number, never a
  // real one.
  assert(shows_middle_number(b, d.dial->caller_id));
  return d;
}

// AXYB: A sees B as Y, B sees A as X. So A reaches B by dialling Y and B
// sees the call from X; B reaches A by dialling X and A sees it from Y.
// A dialling X or B dialling Y calls a number that, for them, is nobody.
model::RouteDecision decide_axyb(const model::Binding& b, std::string_view caller, std::string_view dialled,
                                 std::string_view gateway) {
  if (caller == b.a && dialled == b.y) {
    if (b.restriction == Restriction::a_to_x_barred) return refuse("A→Y is barred", &b);
    return dial(b, b.b, b.x, gateway, Direction::a_to_peer, b.b);
  }
  if (caller == b.b && dialled == b.x) {
    if (b.restriction == Restriction::b_to_x_barred) return refuse("B→X is barred", &b);
    return dial(b, b.a, b.y, gateway, Direction::peer_to_a, b.b);
  }
  return refuse("AXYB: A reaches B through Y and B reaches A through X", &b);
}

// AXN, and AXG: as AXN, but only the members of the binding's group reach
// A; anyone else is refused as if X were unbound (and recorded with it).
model::RouteDecision decide_axn(const model::Binding& b, std::string_view caller, std::string_view x,
                                std::string_view gateway, bool caller_is_member) {
  if (caller == b.a) {
    if (b.b.empty()) return refuse(std::string(model::name(b.mode)) + " binding has no default B", &b);
    if (b.restriction == Restriction::a_to_x_barred) return refuse("A→X is barred", &b);
    return dial(b, b.b, x, gateway, Direction::a_to_peer, b.b);
  }
  if (b.mode == Mode::axg && !caller_is_member) return refuse("AXG: the caller is not a member of the group", &b);
  if (b.restriction == Restriction::b_to_x_barred) return refuse("N→X is barred", &b);
  return dial(b, b.a, x, gateway, Direction::peer_to_a, std::string(caller));
}

model::RouteDecision collect(std::size_t length, std::string reason) {
  model::RouteDecision d;
  d.collect = model::CollectExtension{length};
  d.reason = std::move(reason);
  return d;
}

}  // namespace

bool valid_extension(std::string_view digits) noexcept {
  if (digits.empty() || digits.size() > kMaxExtensionLength) return false;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<model::Failure> validate(const BindRequest& r, model::Instant now) {
  if (r.mode == Mode::axb && r.b.empty()) return model::invalid("b", "is required for AXB");
  if (r.mode == Mode::axyb && r.b.empty()) return model::invalid("b", "is required for AXYB");
  if (r.mode != Mode::axyb && !r.y.empty()) return model::invalid("y", "is for AXYB only");
  if (r.mode == Mode::axg && r.group_id.empty()) return model::invalid("group_id", "is required for AXG");
  if (r.mode != Mode::axg && !r.group_id.empty()) return model::invalid("group_id", "is for AXG only");
  if (r.mode != Mode::axe && !r.extension.empty()) return model::invalid("extension", "is for AXE only");
  if (r.mode == Mode::axe) {
    // Every caller of an AXE X is routed by the digits entered: there is no
    // B to call back and no direction to bar.
    if (!r.b.empty()) return model::invalid("b", "is not used by AXE");
    if (r.restriction != Restriction::none) return model::invalid("call_restrict", "is not used by AXE");
    if (!r.extension.empty() && !valid_extension(r.extension)) {
      return model::invalid("extension", "must be 1 to 8 digits");
    }
  }
  if (!r.y.empty() && (r.y == r.a || r.y == r.b || r.y == r.x)) return model::invalid("y", "must differ from a, b and x");
  if (!r.b.empty() && r.b == r.a) return model::invalid("b", "must differ from a");
  if (!r.x.empty() && (r.x == r.a || r.x == r.b)) return model::invalid("x", "must differ from a and b");
  if (r.max_duration < 0) return model::invalid("max_duration", "must not be negative");
  return check_expiry(r.expires_at, now);
}

std::optional<model::Failure> validate(const model::Binding& current, const UpdateRequest& r, model::Instant now) {
  if (current.mode == Mode::axe) {
    if (r.b && !r.b->empty()) return model::invalid("b", "is not used by AXE");
    if (r.restriction && *r.restriction != Restriction::none) {
      return model::invalid("call_restrict", "is not used by AXE");
    }
  }
  if (r.b) {
    if (r.b->empty() && current.mode == Mode::axb) return model::invalid("b", "is required for AXB");
    if (*r.b == current.a) return model::invalid("b", "must differ from a");
    if (*r.b == current.x) return model::invalid("b", "must differ from x");
    if (r.b->empty() && current.mode == Mode::axyb) return model::invalid("b", "is required for AXYB");
    if (!current.y.empty() && *r.b == current.y) return model::invalid("b", "must differ from y");
  }
  if (r.expires_at) return check_expiry(*r.expires_at, now);
  return std::nullopt;
}

bool same_pair(const model::Binding& existing, const BindRequest& r) {
  return existing.mode == r.mode && existing.a == r.a && existing.b == r.b && (r.x.empty() || r.x == existing.x) &&
         (r.y.empty() || r.y == existing.y) && r.group_id == existing.group_id &&
         (r.extension.empty() || r.extension == existing.extension);
}

bool shows_middle_number(const model::Binding& b, std::string_view shown) {
  const bool middle = shown == b.x || (b.mode == Mode::axyb && !b.y.empty() && shown == b.y);
  return middle && shown != b.a && shown != b.b;
}

model::RouteDecision decide(const std::vector<model::Binding>& live_on_x, std::string_view caller,
                            std::string_view x, std::string_view gateway, bool caller_is_member) {
  for (const model::Binding& b : live_on_x) {
    // An AXE X routes by extension only, whoever calls (A included: one A
    // may call another through the shared number, as from a switchboard).
    if (b.mode == Mode::axe && b.x == x) return collect(b.extension.size(), "AXE: no extension entered yet");
  }
  for (const model::Binding& b : live_on_x) {
    if (b.mode == Mode::axyb && (b.x == x || b.y == x)) return decide_axyb(b, caller, x, gateway);
    if (b.x != x) continue;
    if (model::owns_x(b.mode)) return decide_axn(b, caller, x, gateway, caller_is_member);
    if (caller == b.a) {
      if (b.restriction == Restriction::a_to_x_barred) return refuse("A→X is barred", &b);
      return dial(b, b.b, x, gateway, Direction::a_to_peer, b.b);
    }
    if (caller == b.b) {
      if (b.restriction == Restriction::b_to_x_barred) return refuse("B→X is barred", &b);
      return dial(b, b.a, x, gateway, Direction::peer_to_a, b.b);
    }
  }
  return refuse(live_on_x.empty() ? "no live binding on X" : "caller is not a party of a live binding on X");
}

model::RouteDecision decide_extension(const std::optional<model::Binding>& reached, std::string_view caller,
                                      std::string_view x, std::string_view gateway, std::string_view extension,
                                      std::size_t length) {
  if (!reached || reached->mode != Mode::axe || reached->x != x || reached->extension != extension) {
    return collect(length, extension.empty() ? "AXE: no extension entered"
                                             : "AXE: no live binding with extension " + std::string(extension));
  }
  auto d = dial(*reached, reached->a, x, gateway, Direction::peer_to_a, std::string(caller));
  d.extension = reached->extension;
  return d;
}

}  // namespace ctib::numbers::bindings
