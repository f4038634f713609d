// Leg::modify / Leg::respond_modify: re-INVITE and UPDATE inside a dialog,
// carried opaquely so the call core can relay them to the other leg.

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/leg.hpp"

namespace ctib::sip {

CommandResult Leg::modify(const Modify& request) {
  if (handle_ == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  // A re-INVITE needs a confirmed dialog; an UPDATE may also go in an early
  // one (RFC 3311 §5.1).
  const bool dialog_ok =
      state_ == LegState::confirmed || (state_ == LegState::early && request.kind == ModifyKind::update);
  if (!dialog_ok || modify_sent_) {
    return base::unexpected(Error{ErrorCode::wrong_state, "modify needs a dialog with none pending"});
  }
  if (auto e = detail::check_headers(request.headers)) {
    return base::unexpected(*e);
  }
  if (auto e = detail::check_body(request.body)) {
    return base::unexpected(*e);
  }
  const std::string headers = detail::encode_headers(request.headers);
  const auto& body = request.body;
  if (request.kind == ModifyKind::reinvite) {
    nua_invite(handle_, TAG_IF(body.has_value(), SIPTAG_CONTENT_TYPE_STR(body ? body->content_type.c_str() : "")),
               TAG_IF(body.has_value(), SIPTAG_PAYLOAD_STR(body ? body->data.c_str() : "")),
               TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
  } else {
    nua_update(handle_, TAG_IF(body.has_value(), SIPTAG_CONTENT_TYPE_STR(body ? body->content_type.c_str() : "")),
               TAG_IF(body.has_value(), SIPTAG_PAYLOAD_STR(body ? body->data.c_str() : "")),
               TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
  }
  modify_sent_ = true;
  return Sent{};
}

CommandResult Leg::respond_modify(const Reply& reply) {
  if (handle_ == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  if (!modify_received_) {
    return base::unexpected(Error{ErrorCode::wrong_state, "no re-INVITE/UPDATE to answer"});
  }
  if (auto e = detail::check_status(reply.status, 200, 699)) {
    return base::unexpected(*e);
  }
  if (auto e = detail::check_headers(reply.headers)) {
    return base::unexpected(*e);
  }
  if (auto e = detail::check_body(reply.body)) {
    return base::unexpected(*e);
  }
  const std::string headers = detail::encode_headers(reply.headers);
  const auto& body = reply.body;
  // NUTAG_WITH names the request: without it nua answers the first pending
  // INVITE it finds, which for an UPDATE is none (the UPDATE then never gets
  // an answer) or, in an early dialog, the initial INVITE.
  nua_respond(handle_, reply.status, detail::lasting_phrase(handle_, reply.status, reply.phrase),
              NUTAG_WITH(pending_modify_),
              TAG_IF(body.has_value(), SIPTAG_CONTENT_TYPE_STR(body ? body->content_type.c_str() : "")),
              TAG_IF(body.has_value(), SIPTAG_PAYLOAD_STR(body ? body->data.c_str() : "")),
              TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
  modify_received_ = false;
  // The stack's server request holds its own reference until it is answered.
  release_pending_modify();
  return Sent{};
}

}  // namespace ctib::sip
