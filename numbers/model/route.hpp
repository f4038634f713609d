#pragma once
// The routing decision for one call to X, as the bindings rules produce it
// and the API turns it into a cti_bridge answer.

#include <cstddef>
#include <optional>
#include <string>

#include "numbers/model/types.hpp"

namespace ctib::numbers::model {

// Dial `callee` through `gateway`, showing `caller_id` (always the X).
struct Dial {
  std::string gateway;
  std::string callee;     // canonical E.164
  std::string caller_id;  // canonical E.164 of X
  bool record = false;
  std::int64_t max_duration = 0;
  std::string caller_id_imported_as;  // X as the pool import wrote it ("" = unknown)
};

// AXE: X serves extensions; the caller must enter one of `length` digits
// before the call can be routed (the API asks the engine to collect them).
struct CollectExtension {
  std::size_t length = 0;
};

struct RouteDecision {
  std::optional<Dial> dial;        // nullopt: refuse with UNALLOCATED_NUMBER (or collect)
  // Set instead of a dial when X is an AXE number and no extension was
  // entered yet, or the one entered reaches nobody (CallRouter).
  std::optional<CollectExtension> collect;
  std::string extension;           // AXE: the extension a dial reached
  std::optional<Binding> binding;  // the binding consulted, if any
  Direction direction = Direction::intercepted;
  std::string peer;    // B or N
  std::string reason;  // why it was refused, for logs ("" when dialled)
  // Whose call it is: the binding's tenant, else X's (set by CallRouter;
  // "" when X is not in the pool, which leaves the record's default).
  std::string tenant;
};

}  // namespace ctib::numbers::model
