// Leg::bye: hang up an answered dialog.

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/leg.hpp"

namespace ctib::sip {

CommandResult Leg::bye(const std::optional<std::string>& reason) {
  if (handle_ == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  if (state_ != LegState::confirmed) {
    return base::unexpected(Error{ErrorCode::wrong_state, "bye needs an answered leg (use respond/cancel)"});
  }
  if (reason) {
    if (auto e = detail::check_reason(*reason)) {
      return base::unexpected(*e);
    }
  }
  nua_bye(handle_, TAG_IF(reason.has_value(), SIPTAG_REASON_STR(reason ? reason->c_str() : "")), TAG_END());
  state_ = LegState::terminating;
  bye_sent_ = true;
  return Sent{};
}

}  // namespace ctib::sip
