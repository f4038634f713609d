// OPTIONS and INFO outside a dialog. The stack would answer both 200 to
// anyone: an INFO for no dialog must get 481 (RFC 6086 §4.2.1), and an
// OPTIONS answered 200 from a profile that admits only listed sources tells
// a scanner that the profile is there. The ProfileHandler decides.

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip {

int ProfileHandler::on_out_of_dialog(OutOfDialogMethod method, const SourceAddress& /*source*/) {
  switch (method) {
    case OutOfDialogMethod::options:
      return 200;
    case OutOfDialogMethod::info:
      return 481;
    case OutOfDialogMethod::refer:
      return 403;
  }
  return 500;
}

void Profile::on_out_of_dialog(const detail::NuaEvent& event) {
  const OutOfDialogMethod method = event.event == nua_i_options ? OutOfDialogMethod::options
                                   : event.event == nua_i_info  ? OutOfDialogMethod::info
                                                                : OutOfDialogMethod::refer;
  int status = 503;
  if (state_ == State::running) status = handler_.on_out_of_dialog(method, detail::source_of(event.nua));
  if (detail::check_status(status, 200, 699)) status = 500;
  nua_respond(event.nh, status, detail::lasting_phrase(event.nh, status, ""), NUTAG_WITH_THIS(event.nua),
              TAG_END());
  nua_handle_destroy(event.nh);
}

}  // namespace ctib::sip
