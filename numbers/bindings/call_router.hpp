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

  // `caller` and `x` canonical E.164.
  model::RouteDecision route(std::string_view caller, std::string_view x);

 private:
  model::RouteDecision decide_with(const storage::RoutingFacts& facts, std::string_view caller,
                                   std::string_view x, model::Instant now);

  storage::Repository& repository_;
  const model::Clock& clock_;
};

}  // namespace ctib::numbers::bindings
