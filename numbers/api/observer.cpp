#include "numbers/api/observer.hpp"

namespace ctib::numbers::api {

std::string_view name(RouteOutcome outcome) noexcept {
  switch (outcome) {
    case RouteOutcome::bound:
      return "bound";
    case RouteOutcome::unbound:
      return "unbound";
    case RouteOutcome::refused:
      return "refused";
    case RouteOutcome::invalid:
      return "invalid";
    case RouteOutcome::error:
      return "error";
  }
  return "error";
}

}  // namespace ctib::numbers::api
