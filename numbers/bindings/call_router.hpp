#pragma once
// Answers "where does this call to X go" from the live bindings. The
// routing query checks expiry itself, so a binding stops routing at its
// expiry instant, sweep or no sweep.

#include <string_view>

#include "numbers/bindings/rules.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::bindings {

class CallRouter {
 public:
  CallRouter(storage::Repository& repository, const model::Clock& clock) : repository_(repository), clock_(clock) {}

  // `caller` and `x` canonical E.164. On an AXE X the decision is a
  // CollectExtension: the caller must enter an extension first.
  model::RouteDecision route(std::string_view caller, std::string_view x);
  // AXE: the caller entered `extension` ("" = nothing) on X. A dial to the
  // A behind it; a CollectExtension when it reaches nobody but X still
  // serves extensions (the API asks again or refuses); a plain refusal
  // when X no longer does (its last binding ended meanwhile).
  model::RouteDecision route_extension(std::string_view caller, std::string_view x, std::string_view extension);

 private:
  model::RouteDecision decide_with(const storage::RoutingFacts& facts, std::string_view caller,
                                   std::string_view x, model::Instant now);

  storage::Repository& repository_;
  const model::Clock& clock_;
};

}  // namespace ctib::numbers::bindings
