// Leg::info / Leg::respond_info: INFO inside a dialog (DTMF relay), carried
// opaquely so the call core can relay it to the other leg and relay the
// other leg's final response back.
//
// Pairing without ids: INFOs received on a leg are answered oldest first,
// and INFOs sent on a leg leave one at a time, so the n-th response comes
// back for the n-th INFO sent. A B2BUA that relays every INFO it is told of
// and every response it gets therefore answers each INFO with the response
// to its own copy.

#include <sofia-sip/msg.h>

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/leg.hpp"

namespace ctib::sip {

namespace {

void send_info(nua_handle_t* nh, const Info& request) {
  const std::string headers = detail::encode_headers(request.headers);
  const auto& body = request.body;
  nua_info(nh, TAG_IF(body.has_value(), SIPTAG_CONTENT_TYPE_STR(body ? body->content_type.c_str() : "")),
           TAG_IF(body.has_value(), SIPTAG_PAYLOAD_STR(body ? body->data.c_str() : "")),
           TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
}

}  // namespace

CommandResult Leg::info(const Info& request) {
  if (handle_ == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  if (state_ != LegState::early && state_ != LegState::confirmed) {
    return base::unexpected(Error{ErrorCode::wrong_state, "INFO needs an early or answered dialog"});
  }
  if (auto e = detail::check_headers(request.headers)) {
    return base::unexpected(*e);
  }
  if (auto e = detail::check_body(request.body)) {
    return base::unexpected(*e);
  }
  if (info_in_flight_) {
    info_queued_.push_back(request);
  } else {
    info_in_flight_ = true;
    send_info(handle_, request);
  }
  return Sent{};
}

CommandResult Leg::respond_info(const Reply& reply) {
  if (handle_ == nullptr) {
    return base::unexpected(Error{ErrorCode::terminated, "leg terminated"});
  }
  if (info_received_.empty()) {
    return base::unexpected(Error{ErrorCode::wrong_state, "no INFO to answer"});
  }
  if (auto e = detail::check_status(reply.status, 200, 699)) {
    return base::unexpected(*e);
  }
  if (auto e = detail::check_headers(reply.headers)) {
    return base::unexpected(*e);
  }
  if (reply.phrase.find_first_of("\r\n") != std::string::npos) {
    return base::unexpected(Error{ErrorCode::invalid_header, "phrase spans lines"});
  }
  msg_t* request = info_received_.front();
  info_received_.pop_front();
  const std::string headers = detail::encode_headers(reply.headers);
  // NUTAG_WITH names the server transaction: an INFO is not the dialog's
  // INVITE, so nua_respond without it would answer nothing.
  nua_respond(handle_, reply.status, detail::lasting_phrase(handle_, reply.status, reply.phrase),
              NUTAG_WITH(request), TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
  msg_destroy(request);  // our reference; the transaction keeps its own
  return Sent{};
}

void Leg::receive_info(const detail::NuaEvent& event) {
  msg_t* request = nua_current_request(event.nua);
  LegHandler* h = handler();
  if (request == nullptr || h == nullptr) {
    nua_respond(event.nh, 501, sip_501_Not_implemented, NUTAG_WITH_THIS(event.nua), TAG_END());
    return;
  }
  info_received_.push_back(msg_ref_create(request));
  h->on_info(*this, Info{detail::body_of(event.sip), detail::custom_headers_of(event.sip)});
}

void Leg::receive_info_response(const detail::NuaEvent& event) {
  if (event.status < 200) {
    return;  // 100 Trying and the like: the final one follows
  }
  info_in_flight_ = false;
  // The next INFO leaves before the handler hears of this response: the
  // handler may destroy the leg.
  if (!info_queued_.empty() && handle_ != nullptr) {
    info_in_flight_ = true;
    send_info(handle_, info_queued_.front());
    info_queued_.pop_front();
  }
  if (LegHandler* h = handler(); h != nullptr) {
    h->on_info_response(*this, detail::response_of(event));
  }
}

void Leg::forget_pending_info() noexcept {
  for (msg_t* request : info_received_) msg_destroy(request);
  info_received_.clear();
  info_queued_.clear();
}

}  // namespace ctib::sip
