// InboundLeg::respond: 1xx/2xx/3xx-6xx to the initial INVITE.

#include <sofia-sip/su_alloc.h>

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/leg.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip {

namespace detail {

const char* lasting_phrase(nua_handle_t* nh, int status, const std::string& phrase) {
  if (!phrase.empty()) {
    // The handle's home lives at least until the stack has processed the
    // response (the queued signal holds a handle reference).
    return su_strdup(nua_handle_home(nh), phrase.c_str());
  }
  const char* standard = sip_status_phrase(status);  // static storage
  return standard != nullptr ? standard : "Unknown";
}

}  // namespace detail

CommandResult InboundLeg::respond(const Reply& reply) {
  if (handle() == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  if (state() != LegState::initial && state() != LegState::early) {
    return base::unexpected(Error{ErrorCode::wrong_state, "final response already sent"});
  }
  if (auto e = detail::check_status(reply.status, 101, 699)) {
    return base::unexpected(*e);
  }
  if (auto e = detail::check_headers(reply.headers)) {
    return base::unexpected(*e);
  }
  if (auto e = detail::check_body(reply.body)) {
    return base::unexpected(*e);
  }
  if (reply.reason) {
    if (auto e = detail::check_reason(*reply.reason)) {
      return base::unexpected(*e);
    }
  }
  if (reply.phrase.find_first_of("\r\n") != std::string::npos) {
    return base::unexpected(Error{ErrorCode::invalid_header, "phrase spans lines"});
  }
  const std::string headers = detail::encode_headers(reply.headers);
  // Over TCP our Contact must say so, else the caller's ACK, BYE and
  // re-INVITE go to it over UDP. nua keeps it as the dialog's local target.
  std::string contact;
  if ((over_tcp_ || over_tls_) && profile() != nullptr) {
    const ProfileConfig& c = profile()->config();
    contact = detail::tcp_contact(c.listen_ip, over_tls_ ? c.tls_port : c.port, c.contact_user, over_tls_);
  } else if (profile() != nullptr && profile()->config().tls_port != 0) {
    // With a TLS listener sofia's own Contact can name it (a baresip that
    // called over UDP then closed the call: it could not send its ACK over
    // TLS). A caller over UDP gets the UDP address.
    const ProfileConfig& c = profile()->config();
    contact = detail::udp_contact(c.listen_ip, c.port, c.contact_user);
  }
  nua_respond(handle(), reply.status, detail::lasting_phrase(handle(), reply.status, reply.phrase),
              TAG_IF(!contact.empty(), SIPTAG_CONTACT_STR(contact.c_str())),
              TAG_IF(reply.body.has_value(), SIPTAG_CONTENT_TYPE_STR(reply.body ? reply.body->content_type.c_str() : "")),
              TAG_IF(reply.body.has_value(), SIPTAG_PAYLOAD_STR(reply.body ? reply.body->data.c_str() : "")),
              TAG_IF(reply.reason.has_value(), SIPTAG_REASON_STR(reply.reason ? reply.reason->c_str() : "")),
              TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
  if (reply.status < 200) {
    set_state(LegState::early);
  } else if (reply.status < 300) {
    set_state(LegState::confirmed);
  } else {
    set_state(LegState::terminating);
  }
  return Sent{};
}

}  // namespace ctib::sip
