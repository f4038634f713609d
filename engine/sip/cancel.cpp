// OutboundLeg::cancel: withdraw an INVITE that has no final response yet.

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/leg.hpp"

namespace ctib::sip {

CommandResult OutboundLeg::cancel(const std::optional<std::string>& reason) {
  if (handle() == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  if (state() != LegState::initial && state() != LegState::early) {
    return base::unexpected(Error{ErrorCode::wrong_state, "cancel needs an unanswered leg (use bye)"});
  }
  if (reason) {
    if (auto e = detail::check_reason(*reason)) {
      return base::unexpected(*e);
    }
  }
  nua_cancel(handle(), TAG_IF(reason.has_value(), SIPTAG_REASON_STR(reason ? reason->c_str() : "")), TAG_END());
  set_state(LegState::terminating);
  return Sent{};
}

}  // namespace ctib::sip
