// Session timers (RFC 4028): sofia-sip runs them per leg (decision 0007);
// here is only the choice of how a leg's refreshes go out.

#include "engine/sip/internal/nua.hpp"

namespace ctib::sip::detail {

void choose_refresh(nua_handle_t* nh, const sip_t* sip, bool inbound) {
  if (sip == nullptr) {
    return;
  }
  const bool allows_update =
      sip->sip_allow != nullptr && sip_is_allowed(sip->sip_allow, sip_method_update, "UPDATE");
  const bool supports_timer =
      sip_has_feature(sip->sip_supported, "timer") != 0 || sip_has_feature(sip->sip_require, "timer") != 0;
  if (inbound && !allows_update && !supports_timer) {
    nua_set_hparams(nh, NUTAG_SESSION_TIMER(0), TAG_END());
    return;
  }
  nua_set_hparams(nh, NUTAG_UPDATE_REFRESH(allows_update ? 1 : 0), TAG_END());
}

}  // namespace ctib::sip::detail
